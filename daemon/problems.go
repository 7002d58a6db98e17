package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
)

// calSource returns the source of a calendar id "SOURCE/CALENDAR", or ""
// for a calendar of the [calendar] table, whose ids carry no source.
func calSource(calID string) string {
	src, _, ok := strings.Cut(calID, "/")
	if !ok {
		return ""
	}
	return src
}

// Problems the person is told about once, until resolved. A key is
// "kind:scope": the scope is the calendar id, or "@" and the source for a
// problem of the whole source (its sign-in, its network), so that one
// source failing while another works is told once, not at every poll.
func problemOf(calID string, err error) (key, title, body string) {
	src := calSource(calID)
	name, auth := "Google Calendar", "`debrief auth`"
	if src != "" {
		name = fmt.Sprintf("Calendar source %q", src)
		auth = fmt.Sprintf("`debrief auth --source %s`", src)
	}
	whole := ":@" + src
	switch {
	case errors.Is(err, calendar.ErrNotSignedIn):
		return "auth" + whole, "debrief: not signed in yet",
			fmt.Sprintf("%s: not signed in yet: run %s. Until then debrief works from the last known calendar.", name, auth)
	case errors.Is(err, calendar.ErrUnauthorized):
		return "auth" + whole, "debrief: calendar access expired",
			fmt.Sprintf("%s access expired or was revoked: run %s. Until then debrief works from the last known calendar.", name, auth)
	case errors.Is(err, calendar.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return "offline" + whole, "debrief: offline",
			fmt.Sprintf("%s cannot be reached: offline, retrying. Alerts keep working from the last known calendar.", name)
	case errors.Is(err, calendar.ErrRateLimited):
		return "rate-limited" + whole, "debrief: rate limited",
			fmt.Sprintf("%s is rate limiting debrief; it retries later.", name)
	case errors.Is(err, calendar.ErrForbidden):
		return "forbidden:" + calID, "debrief: calendar refused",
			fmt.Sprintf("%s refused access to calendar %q: check the calendars in the config and run %s to grant access.", name, calID, auth)
	case errors.Is(err, calendar.ErrNotFound) && src != "":
		return "not-found:" + calID, "debrief: calendar not found",
			fmt.Sprintf("Calendar %q was not found. A secret iCal address may have been reset: copy it again into the source's url_file. Otherwise fix the source in the config; `debrief doctor` checks it.", calID)
	case errors.Is(err, calendar.ErrNotFound):
		return "not-found:" + calID, "debrief: no such calendar",
			fmt.Sprintf("Calendar %q does not exist: fix the calendars in the config.", calID)
	}
	return "error:" + calID, "debrief: calendar error",
		fmt.Sprintf("%s answered with an error for calendar %q; debrief retries. Run `debrief doctor` if it persists.", name, calID)
}

func (d *Daemon) problem(ctx context.Context, calID string, err error) {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return // shutting down, not a problem
	}
	key, title, body := problemOf(calID, err)
	if d.told[key] {
		return
	}
	d.lg.Warn("told the person about a calendar problem", "problem", key, "advice", body)
	d.tell(ctx, key, title, body)
}

// notebookProblem tells the person once that records cannot be saved
// (read-only or full disk, permissions), until a save works again.
func (d *Daemon) notebookProblem(ctx context.Context, err error) {
	if err == nil || d.told[notebookKey] || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
		return
	}
	d.lg.Warn("told the person about a notebook problem", "dir", d.nb.Dir(), "err", err)
	d.tell(ctx, notebookKey, "debrief: cannot save to the notebook",
		fmt.Sprintf("debrief cannot save interview records in %s: fix the directory (permissions, free space). Nothing already saved is lost; debrief keeps retrying.", d.nb.Dir()))
}

// notebookKey is the problem key of notebookProblem.
const notebookKey = "notebook"

// notebookSaved forgets a notebook problem once a save worked.
func (d *Daemon) notebookSaved() {
	if d.told[notebookKey] {
		d.lg.Info("notebook problem resolved", "dir", d.nb.Dir())
		delete(d.told, notebookKey)
	}
}

// tell notifies the person of a problem, once until it is resolved.
func (d *Daemon) tell(ctx context.Context, key, title, body string) {
	d.told[key] = true
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := d.n.Notify(nctx, title, body); err != nil {
		d.lg.Warn("notification failed", "err", err)
	}
}

// resolved forgets the problems a successful sync of calID disproves.
func (d *Daemon) resolved(calID string) {
	for key := range d.told {
		if key == notebookKey {
			continue
		}
		_, scope, _ := strings.Cut(key, ":")
		if scope == calID || scope == "@"+calSource(calID) {
			d.lg.Info("calendar problem resolved", "problem", key, "calendar", calID)
			delete(d.told, key)
		}
	}
}
