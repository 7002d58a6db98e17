package calendar

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	gcal "google.golang.org/api/calendar/v3"
)

// Scopes are the OAuth scopes debrief asks for, the least that cover what it
// does:
//
//   - calendar.events.readonly ("View events on all your calendars"): the
//     watched calendars are read, and one of them may be shared with the
//     person rather than owned (a partner's, a recruiting coordinator's);
//     calendar.events.owned alone cannot read those.
//   - calendar.events.owned ("See, create, change, and delete events on
//     Google calendars you own"): the reflection blocks are written to
//     block.calendar, a calendar the person owns; debrief cannot change
//     events on calendars merely shared with them.
//   - calendar.events.freebusy ("See the availability on Google calendars
//     you have access to"): the conflict check queries free/busy. It shows
//     less than calendar.events.readonly already does, and unlike
//     calendar.freebusy it also covers shared calendars.
//
// Not asked: the full calendar scope (sharing, deleting calendars),
// calendar.events (writing to every calendar, shared ones included) and the
// calendar list.
var Scopes = []string{
	gcal.CalendarEventsReadonlyScope,
	gcal.CalendarEventsOwnedScope,
	gcal.CalendarEventsFreebusyScope,
}

// oauthScopeUse says, for a person, what debrief loses without a scope.
var oauthScopeUse = map[string]string{
	gcal.CalendarEventsReadonlyScope: "see the events on your calendars",
	gcal.CalendarEventsOwnedScope:    "write reflection blocks into calendars you own (set block.enabled = false if you do not want them)",
	gcal.CalendarEventsFreebusyScope: "check whether a reflection block would overlap another busy time",
}

// oauthWait is how long Authorize waits for the browser's answer.
var oauthWait = 5 * time.Minute

// oauthCallbackPath is the path of the loopback redirect address.
const oauthCallbackPath = "/oauth2callback"

// ErrConsentDenied is returned by Authorize when the person declines to
// give debrief access on Google's consent screen.
var ErrConsentDenied = errors.New("consent denied")

// Authorize runs Google's OAuth flow for installed apps and saves the token
// to tokenFile (see SaveToken). It listens on 127.0.0.1 only, on a random
// port, and sends the person to Google with that loopback redirect address,
// a PKCE S256 challenge, a random state, offline access and prompt=consent
// (so Google always returns a refresh token). It prints the address to out
// and calls openBrowser with it when openBrowser is not nil; a browser that
// does not start only means the person copies the address.
//
// An answer whose state does not match gets 400 in the browser and is
// otherwise ignored: the flow keeps waiting for the right one. Exactly one
// answer with the right state is taken; then the listener closes. Authorize
// gives up after 5 minutes or when ctx ends. The token endpoint is reached
// with the *http.Client in ctx under oauth2.HTTPClient when there is one,
// else with a client of its own that times out after 30 seconds.
//
// Errors: ErrConsentDenied when the person clicks Cancel; otherwise an error
// that says what to do. The code and the token are never logged.
func Authorize(ctx context.Context, lg *slog.Logger, creds *Credentials, tokenFile string, out io.Writer, openBrowser func(url string) error) error {
	if _, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); !ok {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: 30 * time.Second})
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1 for Google's answer: %w", err)
	}
	redirect := "http://" + ln.Addr().String() + oauthCallbackPath
	conf := creds.config(redirect)
	state := rand.Text()
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL(state,
		oauth2.AccessTypeOffline,
		oauth2.ApprovalForce, // prompt=consent: a refresh token even on a second run
		oauth2.S256ChallengeOption(verifier),
	)

	cb := &oauthCallback{
		lg:    lg,
		state: state,
		exchange: func(code string) (*oauth2.Token, error) {
			return conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		},
		done: make(chan oauthResult, 1),
	}
	srv := &http.Server{
		Handler:           cb,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(lg.Handler(), slog.LevelDebug),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }() // ends at Shutdown below
	defer func() {
		// Let the page being written reach the browser, then stop.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			srv.Close()
		}
	}()
	lg.Debug("oauth listening", "redirect_uri", redirect)

	fmt.Fprintf(out, "To let debrief use your Google Calendar, open this address in a browser on this computer:\n\n%s\n\n", authURL)
	if openBrowser != nil {
		if err := openBrowser(authURL); err != nil {
			lg.Debug("browser not started", "err", err)
			fmt.Fprintf(out, "(No browser could be started: copy the address above into one.)\n")
		}
	}
	fmt.Fprintf(out, "Waiting up to %v for Google's answer on %s ...\n", oauthWait, redirect)

	timer := time.NewTimer(oauthWait)
	defer timer.Stop()
	var res oauthResult
	select {
	case res = <-cb.done:
	case err := <-serveErr:
		return fmt.Errorf("wait for Google's answer: %w", err)
	case <-timer.C:
		return fmt.Errorf("no answer from the browser within %v: run `debrief auth` again and finish signing in within that time", oauthWait)
	case <-ctx.Done():
		return fmt.Errorf("sign-in abandoned: %w", context.Cause(ctx))
	}
	if res.err != nil {
		return res.err
	}
	if err := oauthCheckScopes(res.tok, out); err != nil {
		return err
	}
	if err := SaveToken(tokenFile, res.tok); err != nil {
		return err
	}
	lg.Info("token saved", "file", tokenFile)
	return nil
}

// oauthCheckScopes compares the scopes Google granted with Scopes: since
// Google shows a checkbox per scope, a person can untick some. Without the
// read scope debrief is useless, so that is an error; the others only
// disable a feature, which is printed to out. A token endpoint that does
// not list the scopes is trusted.
func oauthCheckScopes(tok *oauth2.Token, out io.Writer) error {
	granted, _ := tok.Extra("scope").(string)
	if granted == "" {
		return nil
	}
	have := make(map[string]bool)
	for _, s := range strings.Fields(granted) {
		have[s] = true
	}
	if !have[gcal.CalendarEventsReadonlyScope] {
		return fmt.Errorf("you did not allow debrief to %s: run `debrief auth` again and tick every box on Google's consent screen", oauthScopeUse[gcal.CalendarEventsReadonlyScope])
	}
	for _, s := range Scopes {
		if !have[s] {
			fmt.Fprintf(out, "Note: you did not allow debrief to %s; run `debrief auth` again and tick every box to allow it.\n", oauthScopeUse[s])
		}
	}
	return nil
}

// oauthResult is the outcome of the one answer Authorize accepts.
type oauthResult struct {
	tok *oauth2.Token
	err error
}

// oauthCallback serves the loopback redirect address.
type oauthCallback struct {
	lg       *slog.Logger
	state    string
	exchange func(code string) (*oauth2.Token, error)
	taken    atomic.Bool      // an answer with the right state was accepted
	done     chan oauthResult // buffered 1: receives exactly one result
}

func (cb *oauthCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != oauthCallbackPath {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(cb.state)) != 1 {
		cb.lg.Warn("oauth answer with a wrong state ignored")
		oauthPage(w, http.StatusBadRequest, "This answer does not belong to the sign-in debrief is waiting for.",
			"Go back to the terminal and open the address that `debrief auth` printed.")
		return
	}
	code, errCode := q.Get("code"), q.Get("error")
	if code == "" && errCode == "" {
		oauthPage(w, http.StatusBadRequest, "This answer holds neither a code nor an error.",
			"Go back to the terminal and open the address that `debrief auth` printed.")
		return
	}
	if !cb.taken.CompareAndSwap(false, true) {
		oauthPage(w, http.StatusConflict, "debrief already has Google's answer.", "You can close this tab.")
		return
	}
	var res oauthResult
	switch {
	case errCode == "access_denied":
		res.err = fmt.Errorf("%w: you declined on Google's consent screen; run `debrief auth` again and allow access to use debrief with Google Calendar", ErrConsentDenied)
		oauthPage(w, http.StatusOK, "You did not give debrief access.", "You can close this tab. Run `debrief auth` again if you change your mind.")
	case errCode != "":
		// Error codes are RFC 6749 words, safe to show; the page does not
		// echo them into HTML.
		res.err = fmt.Errorf("sign-in failed: Google answered with error %q: check the OAuth client in your credentials file and run `debrief auth` again", errCode)
		oauthPage(w, http.StatusOK, "Google did not give debrief access.", "Go back to the terminal to see why.")
	default:
		tok, err := cb.exchange(code)
		if err != nil {
			res.err = fmt.Errorf("exchange the authorization code for a token: %w: run `debrief auth` again", err)
			oauthPage(w, http.StatusBadGateway, "debrief could not finish signing in.", "Go back to the terminal to see why.")
			break
		}
		res.tok = tok
		oauthPage(w, http.StatusOK, "debrief can now use your Google Calendar.", "You can close this tab.")
	}
	cb.done <- res
}

// oauthPage writes a small static page; nothing from the request is echoed.
func oauthPage(w http.ResponseWriter, status int, title, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>debrief</title></head><body><h1>%s</h1><p>%s</p></body></html>\n", title, body)
}
