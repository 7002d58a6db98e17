package web

import (
	"testing"
	"time"

	"github.com/debrief-dev/debrief/insight/questions/questionstest"
	"github.com/debrief-dev/debrief/notebook"
)

func TestFollowupsOrderAndPages(t *testing.T) {
	recs := questionstest.Generate(150, 1) // two years, nothing sent: every note overdue
	notebook.Sort(recs)
	last := recs[len(recs)-1]
	now := last.Source.End.Add(2 * time.Hour) // the last note's window is open
	p := notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2}
	v := followupsOf(recs, now, p, 1)
	if len(v.Due) != followupsPerPage || v.TotalDue <= followupsPerPage || v.Next != "/followups?page=2" || v.Prev != "" {
		t.Fatalf("page 1: %d rows of %d, next %q, prev %q; want %d rows and a next page", len(v.Due), v.TotalDue, v.Next, v.Prev, followupsPerPage)
	}
	if first := v.Due[0]; first.State != notebook.Due || first.ID != last.ID {
		t.Errorf("first row = %s %s of %s, want the open window of the last interview %s", first.Kind, first.State, first.ID, last.ID)
	}
	for i := 2; i < len(v.Due); i++ {
		a, b := v.Due[i-1], v.Due[i]
		if a.State == notebook.Overdue && b.State == notebook.Overdue && a.sortKey < b.sortKey {
			t.Fatalf("rows %d and %d: an older overdue one before a more recent one", i-1, i)
		}
	}
	v2 := followupsOf(recs, now, p, 2)
	if len(v2.Due) != min(followupsPerPage, v.TotalDue-followupsPerPage) || v2.Prev != "/followups?page=1" {
		t.Errorf("page 2: %d rows, prev %q", len(v2.Due), v2.Prev)
	}
	if v3 := followupsOf(recs, now, p, 1000); len(v3.Due) != followupsPerPage || v3.Prev != "" {
		t.Errorf("a page past the end shows %d rows, prev %q; want the first page", len(v3.Due), v3.Prev)
	}
	today := todayOf(recs, nil, now, time.UTC, p)
	if len(today.Due) != todayDue || today.MoreDue != v.TotalDue-todayDue {
		t.Errorf("today: %d due and %d more, want %d and %d", len(today.Due), today.MoreDue, todayDue, v.TotalDue-todayDue)
	}
}
