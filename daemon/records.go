package daemon

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/clean"
	"github.com/debrief-dev/debrief/notebook"
)

// recordPlan is what the notebook needs after a pass: a record for each
// interview that has none, and the records whose interview moved.
type recordPlan struct {
	create []Interview
	move   []recordMove
}

// recordMove is a record to make follow its moved interview.
type recordMove struct {
	at int // index of the record in the records planned from
	iv Interview
}

// planRecords compares the interviews with the records; it is pure.
func planRecords(ivs []Interview, recs []*notebook.Record) recordPlan {
	byID := make(map[string]int, len(recs))
	for i, r := range recs {
		byID[r.ID] = i
	}
	var p recordPlan
	planned := map[string]bool{}
	for _, iv := range ivs {
		i, ok := byID[iv.RecordID]
		if !ok {
			if !planned[iv.RecordID] {
				planned[iv.RecordID] = true
				p.create = append(p.create, iv)
			}
			continue
		}
		r, src := recs[i], sourceOf(iv.Event)
		if r.Source == nil || (r.Source.Start.Equal(src.Start) && r.Source.End.Equal(src.End) && r.Source.TimeZone == src.TimeZone) {
			continue
		}
		p.move = append(p.move, recordMove{at: i, iv: iv})
	}
	return p
}

// saveRecords is the notebook's part of the apply phase: it creates the
// records s.save plans and makes the records of moved interviews follow,
// then, when a record changed, works out the alerts again so they see
// them. A record that cannot be saved is retried at the next pass.
func (d *Daemon) saveRecords(s *snapshot) error {
	p := s.save
	if len(p.create) == 0 && len(p.move) == 0 {
		return nil
	}
	recs := slices.Clone(s.records)
	var errs []error
	for _, iv := range p.create {
		r := newRecord(iv)
		err := d.nb.Create(r)
		switch {
		case errors.Is(err, notebook.ErrExists):
			r, err = d.nb.Get(iv.RecordID)
		case err == nil:
			d.notebookSaved()
			d.lg.Info("new interview in the notebook", "record", r.ID)
			d.lg.Debug("new interview", "record", r.ID, "company", r.Interview.Company)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("create record of event %q: %w", iv.Event.ID, err))
			continue
		}
		recs = append(recs, r)
	}
	for _, m := range p.move {
		src := sourceOf(m.iv.Event)
		up, err := d.nb.Update(recs[m.at].ID, func(r *notebook.Record) error {
			oldDay := notebook.DateOf(r.Source.Start.In(r.Location()))
			if r.Interview.Date == oldDay || r.Interview.Date.IsZero() {
				r.Interview.Date = notebook.DateOf(src.Start.In(zone(src.TimeZone)))
			}
			r.Source.Start, r.Source.End, r.Source.TimeZone = src.Start, src.End, src.TimeZone
			r.Source.Title, r.Source.Link, r.Source.Location, r.Source.Conference = src.Title, src.Link, src.Location, src.Conference
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("update record %s after its interview moved: %w", recs[m.at].ID, err))
			continue
		}
		d.notebookSaved()
		d.lg.Info("interview moved; record follows", "record", up.ID)
		recs[m.at] = up
	}
	s.records = recs
	s.alerts = d.due(s)
	return errors.Join(errs...)
}

func sourceOf(e calendar.Event) *notebook.Source {
	tz := e.TimeZone
	if _, err := time.LoadLocation(tz); err != nil {
		tz = ""
	}
	return &notebook.Source{
		CalendarID: e.CalendarID, EventID: e.ID, Title: clean.Line(clip(e.Summary, 4*500), 500),
		Start: e.Start, End: e.End, TimeZone: tz, Link: clip(e.HTMLLink, 2048),
		Location: clean.Line(clip(e.Location, 4*500), 500), Conference: clip(e.ConferenceURL, 2048),
		Series: clean.Line(e.RecurringEventID, 200), OrganizerDomain: clean.Line(domainOf(e.Organizer.Email), 200),
	}
}

// newRecord prefills the record of an interview from its event.
func newRecord(iv Interview) *notebook.Record {
	src := sourceOf(iv.Event)
	src.CompanyFrom, src.PositionFrom = string(iv.Verdict.CompanyFrom), string(iv.Verdict.PositionFrom)
	r := &notebook.Record{
		ID:     iv.RecordID,
		Source: src,
		Interview: notebook.Details{
			Company:  iv.Verdict.Company,
			Position: iv.Verdict.Position,
			Date:     notebook.DateOf(src.Start.In(zone(src.TimeZone))),
			Format:   iv.Verdict.Format,
			Round:    iv.Verdict.Kind,
		},
	}
	for _, a := range iv.Event.Attendees {
		if a.Self || a.Resource || isRobot(a.Email) {
			continue
		}
		r.Interview.Interviewers = append(r.Interview.Interviewers, notebook.Person{
			Name: cleanField(a.Name), Email: cleanField(a.Email),
		})
		if len(r.Interview.Interviewers) == 20 {
			break
		}
	}
	return r
}

// isRobot: scheduling tools' and no-reply addresses are not interviewers.
func isRobot(email string) bool {
	e := strings.ToLower(email)
	return strings.Contains(e, "no-reply") || strings.Contains(e, "noreply") ||
		strings.Contains(e, "donotreply") || isToolDomain(domainOf(e)) || isCalendarDomain(domainOf(e))
}
