package main

import (
	"fmt"

	"github.com/debrief-dev/debrief/internal/browser"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web"
)

func init() {
	commands["open"] = command{
		summary: "open the notebook in your browser (with an ID: that interview's reflection form)",
		run:     cmdOpen,
	}
}

// cmdOpen opens the web app in the browser, on one interview's form when
// given its id. It uses the app the daemon serves; with no daemon, it
// serves the app itself until Ctrl-C.
func cmdOpen(e *env, args []string) error {
	fs := nbFlags(e, "open", "debrief open [ID] [--print-url]")
	printURL := fs.Bool("print-url", false, "print the address (with its secret) instead of opening the browser")
	pos, err := nbParse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	book, err := notebook.Open(e.lg, cfg.Notebook.Dir)
	if err != nil {
		return err
	}
	path := "/"
	if len(pos) == 1 {
		r, err := book.Get(pos[0])
		if err != nil {
			return err
		}
		path = "/reflect/" + r.ID
	}

	// The daemon's app, when it answers and proves it knows the secret.
	if running, err := web.ReadRunning(cfg.State.Dir); err == nil {
		if secret, err := web.ReadSecret(cfg.State.Dir); err == nil && web.Ping(e.ctx, running.URL, secret) == nil {
			return openURL(e, web.Link(running.URL, secret, path), *printURL)
		}
	}

	// No daemon serves it: serve it here.
	srv, err := newWebServer(e.lg, e.now, wire(cfg), book, nil)
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "No daemon is serving the web app, so debrief serves it here until you press Ctrl-C.")
	if err := openURL(e, srv.URL(path), *printURL); err != nil {
		fmt.Fprintln(e.stderr, err)
	}
	return srv.Serve(e.ctx)
}

// openURL prints u (--print-url) or opens it in the browser, saying where.
func openURL(e *env, u string, printOnly bool) error {
	if printOnly {
		_, err := fmt.Fprintln(e.stdout, u)
		return err
	}
	if err := browser.Open(e.ctx, e.getenv, u); err != nil {
		return fmt.Errorf("%w; open this address in your browser yourself: %s", err, u)
	}
	fmt.Fprintf(e.stdout, "Opened in your browser: %s\n", u)
	return nil
}
