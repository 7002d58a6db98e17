//go:build linux

package daemon

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/browser"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/notify"
	"github.com/debrief-dev/debrief/notify/notifytest"
)

// These tests run the daemon against a real notification server, dunst on
// a private bus (notifytest), and choose its buttons as a person would,
// through dunst's menu. What a choice does crosses processes (the picker,
// dunst, the bus, the daemon's loop), so they wait for its effect with
// eventually rather than in a synctest bubble, which cannot hold sockets.

// shownNote is a notification the daemon showed.
type shownNote struct {
	Title, Body, Link string
	Actions           []string
	Replaces, Handle  string
}

// recorder is the real notifier, telling the test what it shows.
type recorder struct {
	*notify.Notifier
	ch chan shownNote
}

func newRecorder(t *testing.T, getenv func(string) string) *recorder {
	t.Helper()
	n, err := notify.New(quietLogger(), notify.Config{}, getenv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return &recorder{Notifier: n, ch: make(chan shownNote, 64)}
}

func (r *recorder) Notify(ctx context.Context, title, body string) error {
	_, err := r.NotifyActions(ctx, title, body, "", nil, "")
	return err
}

func (r *recorder) NotifyActions(ctx context.Context, title, body, link string, actions []string, replaces string) (string, error) {
	h, err := r.Notifier.NotifyActions(ctx, title, body, link, actions, replaces)
	if err == nil {
		r.ch <- shownNote{Title: title, Body: body, Link: link, Actions: actions, Replaces: replaces, Handle: h}
	}
	return h, err
}

// wait returns the next notification shown whose title contains s; the
// others shown before it are skipped.
func (r *recorder) wait(t *testing.T, s string) shownNote {
	t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case n := <-r.ch:
			if strings.Contains(n.Title, s) {
				return n
			}
		case <-timeout:
			t.Fatalf("no notification titled %q in 15s", s)
		}
	}
}

// collect waits until notifications with each of the titles have been
// shown, in any order, and returns them by title.
func (r *recorder) collect(t *testing.T, titles ...string) map[string]shownNote {
	t.Helper()
	got := map[string]shownNote{}
	timeout := time.After(15 * time.Second)
	for len(got) < len(titles) {
		select {
		case n := <-r.ch:
			if slices.Contains(titles, n.Title) {
				got[n.Title] = n
			}
		case <-timeout:
			t.Fatalf("shown in 15s: %v; want %q", slices.Collect(maps.Keys(got)), titles)
		}
	}
	return got
}

// idOf is the notification id in a handle.
func idOf(t *testing.T, h string) uint32 {
	t.Helper()
	v, err := strconv.ParseUint(h[strings.LastIndexByte(h, '/')+1:], 10, 32)
	if err != nil {
		t.Fatalf("handle %q: %v", h, err)
	}
	return uint32(v)
}

// eventually waits for cond, checking every 20 ms, at most 15 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 15s", what)
		}
	}
}

// pages is the web app's addresses, as the web server gives them.
type pages struct{}

func (pages) URL(path string) string { return "http://127.0.0.1:9" + path + "?token=s3cret" }

// browserLog makes Config.Open run the real opener with a BROWSER script
// that writes each address it gets to a file, and returns a function
// reading them.
func browserLog(t *testing.T, cfg *Config) func() []string {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s\\n' \"$1\" >> "+log+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "BROWSER" {
			return script
		}
		return ""
	}
	cfg.Open = func(ctx context.Context, url string) error { return browser.Open(ctx, getenv, url) }
	return func() []string {
		b, _ := os.ReadFile(log)
		return strings.Fields(string(b))
	}
}

// company is a ten-minute interview with company that ended ago.
func company(id, name string, ago time.Duration, now time.Time) calendar.Event {
	e := ev("Interview with "+name, guest("Jane", "jane@"+strings.ToLower(name)+".example"))
	e.ID, e.ICalUID = id, id+"@google.com"
	e.End = now.Add(-ago).Truncate(time.Second)
	e.Start = e.End.Add(-10 * time.Minute)
	return e
}

// run starts a daemon; the returned function stops it and waits.
func runDaemon(t *testing.T, cfg Config, cal Calendar, n Notifier, nb *notebook.Book) func() {
	t.Helper()
	d, err := New(quietLogger(), cfg, cal, n, nb)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run = %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func buttonsConfig(t *testing.T) Config {
	cfg := testConfig()
	cfg.StateDir = t.TempDir()
	cfg.Now = time.Now
	cfg.Tick = time.Second
	cfg.Briefing = 0
	cfg.ThankYou = []time.Duration{time.Second}
	cfg.FollowUpTime = "00:00"
	cfg.Policy = notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1}
	cfg.Snooze = time.Hour
	cfg.Pages = pages{}
	cfg.MergeGap = 0               // each interview its own nudge
	cfg.Conflict = ConflictOverlap // and its own block
	return cfg
}

// TestButtonsDunst chooses every button of the daemon's notifications on a
// real dunst and checks what each did: the page opened in the browser, the
// notebook, the ledger, the calendar. Then it restarts the daemon and
// chooses a button of a notification shown before the restart.
func TestButtonsDunst(t *testing.T) {
	srv := notifytest.Start(t, notifytest.Options{})
	now := time.Now()
	acme := company("acme1", "Acme", 2*time.Minute, now)
	globex := company("globex1", "Globex", 2*time.Hour, now)
	initech := company("initech1", "Initech", 15*time.Minute, now) // its block is still ahead
	cal := newFakeCalendar(acme, globex, initech)
	nb, err := notebook.Open(quietLogger(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	today := notebook.DateOf(now.UTC())
	byHand := func(name string) string {
		r := &notebook.Record{ID: notebook.NewID(), Interview: notebook.Details{Company: name, Date: today}}
		r.FollowUp.FollowUpOn = &today
		mustCreate(t, nb, r)
		return r.ID
	}
	fabrikam, umbrella := byHand("Fabrikam"), byHand("Umbrella")
	acmeRec, globexRec, initechRec := notebook.RecordID("primary", acme.ID), notebook.RecordID("primary", globex.ID), notebook.RecordID("primary", initech.ID)

	cfg := buttonsConfig(t)
	opened := browserLog(t, &cfg)
	n := newRecorder(t, srv.Getenv(nil))
	stop := runDaemon(t, cfg, cal, n, nb)

	// The first pass shows every alert due: three interviews ended, their
	// thank-you notes, two follow-ups.
	shown := n.collect(t,
		"Interview with Initech over", "Interview with Globex over", "Interview with Acme over",
		"Thank-you note with Initech", "Thank-you note with Globex", "Thank-you note with Acme",
		"Follow up with Fabrikam", "Follow up with Umbrella",
		"Reflect on your interview with Globex")
	for title, s := range shown {
		if s.Handle == "" {
			t.Errorf("%q shown without a handle: dunst has buttons", title)
		}
	}
	if got, want := shown["Interview with Acme over"].Actions, []string{"default", "Reflect now", "reflect", "Reflect now", "later", "Later", "not-interview", "Not an interview"}; !slices.Equal(got, want) {
		t.Errorf("ended nudge's buttons = %q, want %q", got, want)
	}

	t.Run("later", func(t *testing.T) {
		before := time.Now()
		srv.Invoke(t, idOf(t, shown["Interview with Acme over"].Handle), ActionLater)
		k := key(Interview{Event: acme}, KindReflectReminder, "")
		eventually(t, "reminder snoozed in the ledger", func() bool {
			l, err := LoadLedger(cfg.StateDir)
			return err == nil && l.Alerts[k].State == StateSnoozed
		})
		l, _ := LoadLedger(cfg.StateDir)
		if e := l.Alerts[k]; e.Due.Before(before.Add(time.Hour)) || e.Due.After(time.Now().Add(time.Hour)) {
			t.Errorf("reminder snoozed until %v, want an hour after the choice (%v)", e.Due, before)
		}
	})
	t.Run("later-on-the-reminder", func(t *testing.T) {
		// The reminder already fired; Later brings it back in an hour.
		k := key(Interview{Event: globex}, KindReflectReminder, "")
		srv.Invoke(t, idOf(t, shown["Reflect on your interview with Globex"].Handle), ActionLater)
		eventually(t, "reminder snoozed again in the ledger", func() bool {
			l, err := LoadLedger(cfg.StateDir)
			return err == nil && l.Alerts[k].State == StateSnoozed && l.Alerts[k].Due.After(time.Now().Add(59*time.Minute))
		})
	})
	t.Run("default-opens-the-form", func(t *testing.T) {
		srv.Invoke(t, idOf(t, shown["Interview with Globex over"].Handle), ActionDefault)
		want := "http://127.0.0.1:9/reflect/" + globexRec + "?token=s3cret"
		eventually(t, "the form opened", func() bool { return slices.Contains(opened(), want) })
	})
	t.Run("not-an-interview", func(t *testing.T) {
		bid := calendar.BlockID("primary", initech.ID)
		if _, ok := cal.block(bid); !ok {
			t.Fatalf("no block for Initech before the choice; writes %v", cal.Writes())
		}
		srv.Invoke(t, idOf(t, shown["Interview with Initech over"].Handle), ActionNotInterview)
		said := n.wait(t, "not an interview")
		if !strings.Contains(said.Body, `"Interview with Initech" is marked as not an interview. Its reflection block is deleted`) ||
			!strings.Contains(said.Body, "debrief mark "+initechRec+" auto") {
			t.Errorf("follow-up notification = %q", said.Body)
		}
		if _, ok := cal.block(bid); ok {
			t.Errorf("Initech's block is still in the calendar; writes %v", cal.Writes())
		}
		ov, err := LoadOverrides(cfg.StateDir)
		if err != nil || ov[initech.ID] != OverrideNotInterview {
			t.Errorf("overrides = %v, %v; want %s not-interview", ov, err, initech.ID)
		}
	})
	t.Run("thank-you-draft", func(t *testing.T) {
		srv.Invoke(t, idOf(t, shown["Thank-you note with Acme"].Handle), ActionDraft)
		want := "http://127.0.0.1:9/thank-you/" + acmeRec + "?token=s3cret"
		eventually(t, "the draft opened", func() bool { return slices.Contains(opened(), want) })
	})
	t.Run("thank-you-sent", func(t *testing.T) {
		srv.Invoke(t, idOf(t, shown["Thank-you note with Globex"].Handle), ActionSent)
		eventually(t, "thank-you marked sent", func() bool {
			r, err := nb.Get(globexRec)
			return err == nil && r.FollowUp.ThankYouSent != nil
		})
		r, _ := nb.Get(globexRec)
		if got := *r.FollowUp.ThankYouSent; got != notebook.DateOf(time.Now().In(time.Local)) {
			t.Errorf("thank-you sent on %v, want today", got)
		}
	})
	t.Run("follow-up-done", func(t *testing.T) {
		srv.Invoke(t, idOf(t, shown["Follow up with Fabrikam"].Handle), ActionDone)
		eventually(t, "follow-up marked done", func() bool {
			r, err := nb.Get(fabrikam)
			return err == nil && r.FollowUp.FollowUpDone != nil
		})
	})

	// A restart: the new run takes over Umbrella's follow-up, still on
	// display, and its button works.
	stop()
	n.Close()
	n2 := newRecorder(t, srv.Getenv(nil))
	runDaemon(t, cfg, cal, n2, nb)
	took := n2.wait(t, "Follow up with Umbrella")
	if took.Replaces != shown["Follow up with Umbrella"].Handle || took.Handle != took.Replaces {
		t.Errorf("after the restart: replaces %q, handle %q; want both %q", took.Replaces, took.Handle, shown["Follow up with Umbrella"].Handle)
	}
	t.Run("stale-closed-at-restart", func(t *testing.T) {
		// Initech's thank-you reminder no longer matters: it is not an
		// interview any more. The new run closes it instead.
		k := key(Interview{Event: initech}, KindThankYou, time.Second.String())
		eventually(t, "the stale notification forgotten", func() bool {
			l, err := LoadLedger(cfg.StateDir)
			return err == nil && l.Alerts[k].State == StateSent && l.Alerts[k].Notification == ""
		})
	})
	t.Run("after-restart", func(t *testing.T) {
		srv.Invoke(t, idOf(t, took.Handle), ActionOpen)
		want := "http://127.0.0.1:9/records/" + umbrella + "?token=s3cret"
		eventually(t, "the record opened", func() bool { return slices.Contains(opened(), want) })
	})
}

// TestButtonsNoActionsServer: a server without buttons gets the page's
// address in the body, and no button is offered that needs a page the web
// app cannot show.
func TestButtonsNoActionsServer(t *testing.T) {
	bus := notifytest.Bus(t)
	fake := bus.Serve(t, "body")
	now := time.Now()
	acme := company("acme1", "Acme", 2*time.Minute, now)
	nb, err := notebook.Open(quietLogger(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := buttonsConfig(t)
	cfg.ThankYou = nil
	browserLog(t, &cfg)
	n := newRecorder(t, bus.Getenv(nil))
	runDaemon(t, cfg, newFakeCalendar(acme), n, nb)
	n.wait(t, "Interview with Acme over")
	calls := fake.Calls()
	if len(calls) != 1 {
		t.Fatalf("server received %d notifications, want 1: %+v", len(calls), calls)
	}
	want := "\nOpen: http://127.0.0.1:9/reflect/" + notebook.RecordID("primary", acme.ID) + "?token=s3cret"
	if !strings.HasSuffix(calls[0].Body, want) || len(calls[0].Actions) != 0 || calls[0].ExpireTimeout != -1 {
		t.Errorf("server received %+v, want no actions, the server's expiry and the body ending in %q", calls[0], want)
	}
}

// TestActionsFor: the buttons each alert gets, with and without the web
// app.
func TestActionsFor(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pages    Pages
		kind     string
		recs     []string
		want     []string
		wantLink string
	}{
		{"ended", pages{}, KindEnded, []string{"r1"},
			[]string{"default", "Reflect now", "reflect", "Reflect now", "later", "Later", "not-interview", "Not an interview"},
			"http://127.0.0.1:9/reflect/r1?token=s3cret"},
		{"ended-back-to-back", pages{}, KindEnded, []string{"r1", "r2"},
			[]string{"default", "Reflect now", "reflect", "Reflect now", "later", "Later"},
			"http://127.0.0.1:9/reflect/r1?token=s3cret"},
		{"ended-no-web-app", nil, KindEnded, []string{"r1"},
			[]string{"later", "Later", "not-interview", "Not an interview"}, ""},
		{"reflect-reminder", pages{}, KindReflectReminder, []string{"r1"},
			[]string{"default", "Reflect now", "reflect", "Reflect now", "later", "Later"},
			"http://127.0.0.1:9/reflect/r1?token=s3cret"},
		{"thank-you", pages{}, KindThankYou, []string{"r1"},
			[]string{"default", "Draft", "draft", "Draft", "sent", "Sent"}, "http://127.0.0.1:9/thank-you/r1?token=s3cret"},
		{"thank-you-no-web-app", nil, KindThankYou, []string{"r1"}, []string{"sent", "Sent"}, ""},
		{"follow-up", pages{}, KindFollowUp, []string{"r1"},
			[]string{"default", "Open", "open", "Open", "done", "Done"}, "http://127.0.0.1:9/records/r1?token=s3cret"},
		{"briefing", pages{}, KindBriefing, []string{"r1"}, nil, ""},
		{"problem", pages{}, KindNote, nil, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Daemon{cfg: Config{Pages: tc.pages, Open: func(context.Context, string) error { return nil }}}
			got, link := d.actionsFor(tc.kind, tc.recs)
			if !slices.Equal(got, tc.want) || link != tc.wantLink {
				t.Errorf("actionsFor(%s) = %q, %q; want %q, %q", tc.kind, got, link, tc.want, tc.wantLink)
			}
		})
	}
}

// TestButtonsBrowserFails: when the browser cannot start, a notification
// says why and gives the address to open by hand.
func TestButtonsBrowserFails(t *testing.T) {
	srv := notifytest.Start(t, notifytest.Options{})
	acme := company("acme1", "Acme", 2*time.Minute, time.Now())
	nb, err := notebook.Open(quietLogger(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := buttonsConfig(t)
	cfg.ThankYou = nil
	script := filepath.Join(t.TempDir(), "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho 'no display' >&2\nexit 1\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg.Open = func(ctx context.Context, url string) error {
		return browser.Open(ctx, func(k string) string {
			if k == "BROWSER" {
				return script
			}
			return ""
		}, url)
	}
	n := newRecorder(t, srv.Getenv(nil))
	runDaemon(t, cfg, newFakeCalendar(acme), n, nb)
	nudge := n.wait(t, "Interview with Acme over")
	srv.Invoke(t, idOf(t, nudge.Handle), ActionReflect)
	said := n.wait(t, "cannot open your browser")
	want := "Open this address in your browser: http://127.0.0.1:9/reflect/" + notebook.RecordID("primary", acme.ID) + "?token=s3cret"
	if !strings.Contains(said.Body, "no display") || !strings.Contains(said.Body, want) {
		t.Errorf("notification = %q, want the browser's error and %q", said.Body, want)
	}
}
