package insight

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// TestTimelineUpcoming: a round still to come is counted as such and
// asks for no thank-you note.
func TestTimelineUpcoming(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	recs := []*notebook.Record{
		{ID: "past000001", Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 20}, Round: "phone screen"}},
		{ID: "next000001", Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 12, Day: 20}, Round: "onsite"}},
	}
	tl := CompanyTimeline(recs, "Acme")
	tl.MarkUpcoming(recs, now)
	var b bytes.Buffer
	if err := WriteTimeline(&b, tl); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"Acme: 2 rounds over 30 days; 1 of them still to come.", "onsite  (30 days after the previous round)\n   id next000001\n   still to come"} {
		if !strings.Contains(got, want) {
			t.Errorf("timeline lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "thank-you not recorded as sent"); n != 1 {
		t.Errorf("%d rounds ask for a thank-you note, want the past one only:\n%s", n, got)
	}
}
