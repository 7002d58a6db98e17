package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/notebook"
)

// Buttons is a Notifier that shows buttons on its notifications and reports
// the person's choice (*notify.Notifier implements it). The daemon uses it
// when its Notifier has these methods too.
type Buttons interface {
	// NotifyActions shows a notification with actions (key and label
	// pairs; "default" is a click on the notification itself) and
	// returns its handle, or "" when the person's choice cannot be
	// reported (no buttons on this desktop: link is then shown in the
	// body). replaces is the handle of a notification to replace, or "".
	NotifyActions(ctx context.Context, title, body, link string, actions []string, replaces string) (string, error)
	// Listen sets the functions called, on the notifier's goroutine,
	// with the handle and key of each action chosen and the handle of
	// each notification closed.
	Listen(act func(handle, key string), closed func(handle string))
	// Live reports whether the notification with that handle may still
	// be on display (its server still runs).
	Live(ctx context.Context, handle string) (bool, error)
	// Dismiss closes a notification still on display.
	Dismiss(ctx context.Context, handle string) error
}

// Pages gives the addresses of the local web app's pages (the web app's
// server implements it).
type Pages interface {
	// URL returns the address a person opens for path, such as
	// "/reflect/ID"; "" when the web app is off.
	URL(path string) string
}

// The keys of the buttons the daemon puts on its notifications. "default"
// is a click on the notification itself.
const (
	ActionDefault      = "default"
	ActionReflect      = "reflect"
	ActionLater        = "later"
	ActionNotInterview = "not-interview"
	ActionDraft        = "draft"
	ActionSent         = "sent"
	ActionOpen         = "open"
	ActionDone         = "done"
)

// choice is an action the person chose on a notification, or, with closed,
// a notification that went away.
type choice struct {
	handle, key string
	closed      bool
}

// maxChoices is how many choices may wait for the loop (one tick can take
// minutes offline); more are dropped with a warning.
const maxChoices = 32

// listen makes the notifier hand the person's choices to the loop. The
// functions run on the notifier's goroutine (which ends when the notifier
// is closed); they only pass the choice on, since the Daemon's methods are
// not safe for concurrent use: Run acts on it.
func (d *Daemon) listen() {
	b, ok := d.n.(Buttons)
	if !ok {
		return
	}
	d.buttons = b
	d.choices = make(chan choice, maxChoices)
	hand := func(c choice) {
		select {
		case d.choices <- c:
		default:
			d.lg.Warn("too many notification buttons pressed while the daemon was busy; one is ignored", "action", c.key)
		}
	}
	b.Listen(
		func(h, key string) { hand(choice{handle: h, key: key}) },
		func(h string) { hand(choice{handle: h, closed: true}) },
	)
}

// page returns the address of a page of the web app, or "" when there is
// no web app or no way to open it.
func (d *Daemon) page(path string) string {
	if d.cfg.Pages == nil || d.cfg.Open == nil {
		return ""
	}
	return d.cfg.Pages.URL(path)
}

// actionsFor returns the buttons of an alert (key and label pairs) and the
// address its body carries where buttons cannot be shown. Buttons that open
// a page are offered only when there is one to open. The ended nudge of
// back-to-back interviews has no "Not an interview": it would not say which.
func (d *Daemon) actionsFor(kind string, recs []string) (actions []string, link string) {
	if len(recs) == 0 {
		return nil, ""
	}
	switch kind {
	case KindEnded, KindReflectReminder:
		if link = d.page("/reflect/" + recs[0]); link != "" {
			actions = append(actions, ActionDefault, "Reflect now", ActionReflect, "Reflect now")
		}
		actions = append(actions, ActionLater, "Later")
		if kind == KindEnded && len(recs) == 1 {
			actions = append(actions, ActionNotInterview, "Not an interview")
		}
	case KindThankYou:
		if link = d.page("/thank-you/" + recs[0]); link != "" {
			actions = append(actions, ActionDefault, "Draft", ActionDraft, "Draft")
		}
		actions = append(actions, ActionSent, "Sent")
	case KindFollowUp:
		if link = d.page("/records/" + recs[0]); link != "" {
			actions = append(actions, ActionDefault, "Open", ActionOpen, "Open")
		}
		actions = append(actions, ActionDone, "Done")
	}
	return actions, link
}

// deliver shows one alert, with its buttons where the notifier has them,
// replacing the notification replaces ("" none). It returns the handle of
// a notification whose buttons may be chosen, or "".
func (d *Daemon) deliver(ctx context.Context, a Alert, replaces string) (string, error) {
	if d.buttons == nil {
		return "", d.n.Notify(ctx, a.Title, a.Body)
	}
	actions, link := d.actionsFor(a.Kind, a.Records)
	return d.buttons.NotifyActions(ctx, a.Title, a.Body, link, actions, replaces)
}

// byNotification finds the alert whose notification has handle h.
func (l *Ledger) byNotification(h string) (string, AlertEntry, bool) {
	for k, e := range l.Alerts {
		if e.Notification == h {
			return k, e, true
		}
	}
	return "", AlertEntry{}, false
}

// choose acts on one choice of the person, on the loop's goroutine. The
// notification's buttons are used up: it is closed (GNOME closes it by
// itself; dunst keeps it) and forgotten. A pass follows, so what the choice
// changed (a snoozed reminder, a block to delete, a thank-you no longer
// due) takes effect at once.
func (d *Daemon) choose(ctx context.Context, c choice) {
	now := d.cfg.Now().Round(0)
	k, e, ok := d.ledger.byNotification(c.handle)
	if !ok {
		d.lg.Debug("notification not in the ledger; ignored", "closed", c.closed, "action", c.key)
		return
	}
	e.Notification = ""
	d.ledger.Alerts[k] = e
	d.dirty = true
	if c.closed {
		d.saveLedger(now)
		return
	}
	d.lg.Info("notification button chosen", "kind", e.Kind, "action", c.key, "alert", k)
	if err := d.buttons.Dismiss(ctx, c.handle); err != nil {
		d.lg.Debug("cannot close the notification", "err", err)
	}
	rec := ""
	if len(e.Records) > 0 {
		rec = e.Records[0]
	}
	switch {
	case rec == "":
		d.lg.Warn("notification button on an alert about no record; ignored", "alert", k)
	case c.key == ActionLater && (e.Kind == KindEnded || e.Kind == KindReflectReminder):
		d.snooze(now, e.Records)
	case c.key == ActionNotInterview && e.Kind == KindEnded:
		d.notInterview(ctx, now, rec)
		return // it ran a pass
	case (c.key == ActionDefault || c.key == ActionReflect) && (e.Kind == KindEnded || e.Kind == KindReflectReminder):
		id := d.firstUnreflected(e.Records)
		d.open(ctx, "/reflect/"+id, "debrief reflect "+id)
	case (c.key == ActionDefault || c.key == ActionDraft) && e.Kind == KindThankYou:
		d.open(ctx, "/thank-you/"+rec, "debrief thank-you "+rec)
	case c.key == ActionSent && e.Kind == KindThankYou:
		d.markDone(ctx, now, rec, notebook.KindThankYou)
	case (c.key == ActionDefault || c.key == ActionOpen) && e.Kind == KindFollowUp:
		d.open(ctx, "/records/"+rec, "debrief show "+rec)
	case c.key == ActionDone && e.Kind == KindFollowUp:
		d.markDone(ctx, now, rec, notebook.KindFollowUp)
	default:
		d.lg.Warn("unknown notification button; ignored", "kind", e.Kind, "action", c.key)
	}
	d.tick(ctx, false)
}

// firstUnreflected is the first of recs without a reflection (the first
// when all have one).
func (d *Daemon) firstUnreflected(recs []string) string {
	for _, id := range recs {
		if r, err := d.nb.Get(id); err == nil && !r.Reflected() {
			return id
		}
	}
	return recs[0]
}

// snooze puts off the reflection reminders of the records' interviews
// until Snooze from now, whether they fired already or not.
func (d *Daemon) snooze(now time.Time, recs []string) {
	until := now.Add(d.cfg.Snooze)
	for _, iv := range Interviews(d.watched(), d.cfg.Rules, d.overrides) {
		for _, id := range recs {
			if iv.RecordID == id {
				d.ledger.Alerts[key(iv, KindReflectReminder, "")] = AlertEntry{State: StateSnoozed, At: now, Due: until}
				d.dirty = true
			}
		}
	}
	d.lg.Info("reflection reminder put off", "until", until)
}

// open opens a page of the web app in the browser; when it cannot, it
// tells the person what to do instead (cli: the command that does it).
func (d *Daemon) open(ctx context.Context, path, cli string) {
	u := d.page(path)
	if u == "" {
		d.say(ctx, "debrief: the web app is off",
			"The page cannot open: the web app is off (web.enabled in the config). In a terminal, run:\n  "+cli)
		return
	}
	octx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.cfg.Open(octx, u); err != nil {
		d.lg.Warn("cannot open the browser", "err", err)
		d.say(ctx, "debrief: cannot open your browser",
			fmt.Sprintf("%v\nOpen this address in your browser: %s", err, u))
	}
}

// say notifies the person of the outcome of a button, without buttons.
func (d *Daemon) say(ctx context.Context, title, body string) {
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := d.n.Notify(nctx, title, body); err != nil {
		d.lg.Warn("notification failed", "err", err)
	}
}

// markDone records in the notebook that the thank-you note was sent or the
// follow-up done, today in the person's time zone, as `debrief done` and
// the web app do (Book.Done).
func (d *Daemon) markDone(ctx context.Context, now time.Time, id string, what notebook.Kind) {
	_, err := d.nb.Done(id, what, notebook.DateOf(now.In(d.cfg.Local)))
	if err != nil {
		d.lg.Warn("cannot record a button's choice in the notebook", "record", id, "err", err)
		d.say(ctx, "debrief: not recorded",
			fmt.Sprintf("debrief could not write it down (%v). In a terminal, run:\n  debrief done %s %s", err, id, what))
		return
	}
	d.lg.Info("marked done from a notification", "record", id, "what", what)
}

// notInterview marks the event of record id as not an interview, as
// `debrief mark ID not-interview` does, runs a pass, which deletes its
// block, and tells the person.
func (d *Daemon) notInterview(ctx context.Context, now time.Time, id string) {
	r, err := d.nb.Get(id)
	if err == nil && (r.Source == nil || r.Source.EventID == "") {
		err = errors.New("the record has no calendar event")
	}
	if err == nil {
		err = SetOverride(d.cfg.StateDir, r.Source.EventID, OverrideNotInterview, now)
	}
	if err != nil {
		d.lg.Warn("cannot mark an event as not an interview", "record", id, "err", err)
		d.say(ctx, "debrief: not marked",
			fmt.Sprintf("debrief could not mark it (%v). In a terminal, run:\n  debrief mark %s not-interview", err, id))
		return
	}
	d.overrides[r.Source.EventID] = OverrideNotInterview
	d.lg.Info("marked not an interview from a notification", "record", id)
	d.tick(ctx, false)

	block := "debrief wrote no reflection block for it."
	bid := calendar.BlockID(r.Source.CalendarID, r.Source.EventID)
	if b, ok := d.ledger.Blocks[bid]; ok && !b.Deleted {
		block = "Its reflection block is still in the calendar: debrief deletes it as soon as the calendar can be reached."
	} else if d.cfg.BlockEnabled {
		block = "Its reflection block is deleted from the calendar."
	}
	d.say(ctx, "debrief: not an interview",
		fmt.Sprintf("\"%s\" is marked as not an interview. %s No more nudges come for it; its notebook record is kept.\nUndo: debrief mark %s auto",
			r.Source.Title, block, id))
}

// reattach takes over, after a start, the notifications with buttons that
// an earlier run left on display: servers such as dunst report a choice
// only to the connection that showed the notification, so each one still
// on display is replaced by the same alert shown from this run (or closed,
// when it no longer matters). Those whose server has gone since are
// forgotten.
func (d *Daemon) reattach(ctx context.Context, now time.Time) {
	if d.buttons == nil {
		return
	}
	var keys []string
	for k, e := range d.ledger.Alerts {
		if e.Notification != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return
	}
	s := d.compute(now)
	cur := current(d.dueInput(s), d.cfg)
	for _, k := range keys {
		e := d.ledger.Alerts[k]
		h := e.Notification
		live, err := d.buttons.Live(ctx, h)
		if err != nil {
			d.lg.Warn("cannot take over a notification shown before the start", "err", err)
			continue
		}
		e.Notification = ""
		a, matters := cur[k]
		switch {
		case !live:
		case !matters:
			if err := d.buttons.Dismiss(ctx, h); err != nil {
				d.lg.Debug("cannot close the notification", "err", err)
			}
		default:
			nh, err := d.deliver(ctx, a, h)
			if err != nil {
				d.lg.Warn("cannot take over a notification shown before the start", "kind", a.Kind, "err", err)
			}
			e.Notification = nh
		}
		d.ledger.Alerts[k] = e
		d.dirty = true
		d.lg.Debug("notification shown before the start", "alert", k, "on display", live, "matters", matters)
	}
	d.saveLedger(now)
}

// current returns the alerts that have fired and still matter at in.Now,
// whatever the ledger says, by key: the ones whose notification may still
// be acted on. An ended nudge matters while one of its interviews has no
// reflection.
func current(in DueInput, c Config) map[string]Alert {
	reflected := map[string]bool{}
	for _, r := range in.Records {
		reflected[r.ID] = r.Reflected()
	}
	out := map[string]Alert{}
	every(in, c, func(a Alert, window time.Time) {
		if in.Now.Before(a.Due) || !in.Now.Before(window) {
			return
		}
		if a.Kind == KindEnded {
			open := false
			for _, id := range a.Records {
				open = open || !reflected[id]
			}
			if !open {
				return
			}
		}
		out[a.Key] = a
	})
	return out
}
