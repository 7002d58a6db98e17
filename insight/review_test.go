package insight

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

func reviewActions(items ...notebook.ActionItem) func(*notebook.Record) {
	return func(r *notebook.Record) { r.ActionItems = items }
}

// reviewFixture is a notebook reviewed on Sunday 2026-03-22 at 18:00 in
// Berlin, the week of Monday 2026-03-16.
func reviewFixture(t testing.TB) (recs []*notebook.Record, now time.Time, loc *time.Location) {
	loc = statsLoc(t, "Europe/Berlin")
	now = time.Date(2026, 3, 22, 18, 0, 0, 0, loc)
	berlin := "Europe/Berlin"
	return []*notebook.Record{
		statsIV(t, "old", berlin, "2026-01-05 10:00", statsCompany("Umbrella"), statsRated(3, 3), statsReflected(time.Hour), statsThanked(t, "2026-01-05")),
		statsIV(t, "prev", berlin, "2026-03-10 10:00", statsCompany("Acme"), statsRoundOpt("recruiter"), statsRated(5, 4), statsReflected(2*time.Hour),
			statsThanked(t, "2026-03-10"), statsFollowedUp(t, "2026-03-19"), statsImprove("system design"),
			reviewActions(notebook.ActionItem{Text: "Practise STAR stories"})),
		// Sunday night of the week before: counts there, and is missing.
		statsIV(t, "sun", berlin, "2026-03-15 22:30", statsCompany("Soylent"), statsRoundOpt("phone screen"), statsThanked(t, "2026-03-16")),
		statsIV(t, "mon", berlin, "2026-03-16 10:00", statsCompany("Globex"), statsRoundOpt("onsite"), statsRated(7, 6), statsReflected(20*time.Minute),
			statsThanked(t, "2026-03-16"),
			func(r *notebook.Record) { r.Improvement.Struggled = "System design trade-offs" },
			reviewActions(notebook.ActionItem{Text: "Read about Kafka"}, notebook.ActionItem{Text: "Buy a new shirt", Done: true})),
		statsIV(t, "wed", berlin, "2026-03-18 14:00", statsCompany("Initech"), statsRoundOpt("technical")),
		statsIV(t, "wed2", berlin, "2026-03-18 16:00", statsCompany("Globex"), statsRoundOpt("hiring manager"), statsRated(8, 0), statsReflected(26*time.Hour),
			statsThanked(t, "2026-03-20")),
		// Sunday 23:30 in New York is Monday in Berlin: next week's.
		statsIV(t, "ny", "America/New_York", "2026-03-22 23:30", statsCompany("Pied Piper")),
		statsIV(t, "later", berlin, "2026-03-22 20:00", statsCompany("Hooli"), statsRoundOpt("phone screen")),
		{Schema: 1, ID: "abcd000000", Interview: notebook.Details{Company: "Undated"}},
	}, now, loc
}

func TestWeekly(t *testing.T) {
	recs, now, loc := reviewFixture(t)
	id := func(ev string) string { return notebook.RecordID("primary", ev) }
	day := func(s string) notebook.Date { return statsDate(t, s) }
	rv := Weekly(recs, now, loc, statsPolicy, 0)

	var ivs []string
	for _, x := range rv.Interviews {
		ivs = append(ivs, x.ID)
	}
	var missing []string
	for _, x := range rv.Missing {
		missing = append(missing, x.ID)
	}
	type fu struct {
		ID    string
		Kind  notebook.Kind
		State notebook.State
	}
	var fus []fu
	for _, f := range rv.Followups {
		fus = append(fus, fu{f.ID, f.Kind, f.State})
	}
	type summary struct {
		Start, End                 notebook.Date
		Interviews, Missing        []string
		Companies                  []string
		Rating, Confidence         StatsMean
		PrevRating, PrevConfidence StatsMean
		InBlock                    int
		Actions                    []ReviewAction
		Followups                  []fu
		OnTime, Late               int
		Themes                     []Theme
	}
	got := summary{rv.Start, rv.End, ivs, missing, rv.Companies, rv.Rating, rv.Confidence, rv.PrevRating, rv.PrevConfidence,
		rv.InBlock, rv.Actions, fus, rv.ThankYouOnTime, rv.ThankYouLate, rv.Themes}
	want := summary{
		Start: day("2026-03-16"), End: day("2026-03-22"),
		Interviews: []string{id("mon"), id("wed"), id("wed2"), id("later")},
		Missing:    []string{id("sun"), id("wed")},
		Companies:  []string{"Globex", "Initech", "Hooli"},
		Rating:     StatsMean{2, 7.5}, Confidence: StatsMean{1, 6},
		PrevRating: StatsMean{1, 5}, PrevConfidence: StatsMean{1, 4},
		InBlock: 1,
		Actions: []ReviewAction{
			{id("mon"), day("2026-03-16"), "Globex", "Read about Kafka"},
			{id("prev"), day("2026-03-10"), "Acme", "Practise STAR stories"},
		},
		// Policy: thank-you within 24 h, reply 5 business days after,
		// follow-up 2 after that.
		Followups: []fu{
			{id("old"), notebook.KindFollowUp, notebook.Overdue}, // reply 01-12, follow up 01-14
			{id("wed"), notebook.KindThankYou, notebook.Overdue}, // due 03-19 15:00
			// prev: followed up; sun: reply 03-20, follow up 03-24.
		},
		// This week's thank-you notes: mon sent on its day; wed not sent;
		// wed2 sent a day late; later not yet.
		OnTime: 1, Late: 2,
		Themes: []Theme{{"system design", 2}},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Weekly() differs (-got +want):\n%s", diff)
	}

	var buf bytes.Buffer
	if err := WriteReview(&buf, rv); err != nil {
		t.Fatal(err)
	}
	statsGolden(t, "review.txt", buf.Bytes())

	title, body := ReviewNotice(rv)
	if want := "Your week in interviews: 2026-03-16 to 2026-03-22"; title != want {
		t.Errorf("ReviewNotice() title = %q, want %q", title, want)
	}
	if want := "4 interviews, 2 reflections missing, 2 follow-ups due or overdue, 2 action items open.\nRun `debrief review` to see the week."; body != want {
		t.Errorf("ReviewNotice() body = %q, want %q", body, want)
	}
	// On Monday, the week just ended needs --week; Sunday evening's
	// interview has ended without a reflection, its thank-you due.
	_, body = ReviewNotice(WeeklyFor(recs, rv.Start, now.Add(7*time.Hour), loc, statsPolicy, 0))
	if want := "4 interviews, 3 reflections missing, 3 follow-ups due or overdue, 2 action items open.\nRun `debrief review --week 2026-03-16` to see the week."; body != want {
		t.Errorf("ReviewNotice() on the Monday after = %q, want %q", body, want)
	}
}

func TestReviewEncouragement(t *testing.T) {
	done := func(reflects bool) ReviewInterview { return ReviewInterview{Started: true, Reflects: reflects} }
	for _, tc := range []struct {
		name string
		rv   Review
		want string
	}{
		{"in-block-first", Review{InBlock: 3, Block: 30 * time.Minute, Rating: StatsMean{1, 9}, PrevRating: StatsMean{1, 2}},
			"3 reflections saved within the 30-minute block: that is when you remember the most."},
		{"one-hour-block", Review{InBlock: 1, Block: time.Hour},
			"1 reflection saved within the 1-hour block: that is when you remember the most."},
		{"odd-block", Review{InBlock: 2, Block: 90 * time.Minute},
			"2 reflections saved within the 1h30m block: that is when you remember the most."},
		{"rating-up", Review{Rating: StatsMean{2, 7}, PrevRating: StatsMean{3, 5.5}},
			"Your average rating rose from 5.5 last week to 7.0."},
		{"rating-same-confidence-up", Review{Rating: StatsMean{1, 6}, PrevRating: StatsMean{1, 6}, Confidence: StatsMean{1, 6}, PrevConfidence: StatsMean{1, 4}},
			"Your average confidence rose from 4.0 last week to 6.0."},
		{"no-rating-last-week", Review{Rating: StatsMean{1, 8}, Interviews: []ReviewInterview{done(false)}},
			"1 interview this week: each one is practice for the next."},
		{"thank-you-on-time", Review{ThankYouOnTime: 2, Interviews: []ReviewInterview{done(false), done(false)}},
			"Every thank-you note this week went out on time (2)."},
		{"one-late-thank-you", Review{ThankYouOnTime: 2, ThankYouLate: 1, Interviews: []ReviewInterview{done(true), done(true)}},
			"Every interview this week has its reflection saved (2)."},
		{"upcoming-not-counted", Review{Interviews: []ReviewInterview{done(true), {Started: false}}},
			"Every interview this week has its reflection saved (1)."},
		{"quiet-with-theme", Review{Themes: []Theme{{"system design", 3}}},
			`A quiet week: time to work on "system design", which came up in 3 interviews.`},
		{"quiet", Review{},
			"A quiet week: a good time to prepare the stories and questions for the next interviews."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reviewEncouragement(tc.rv); got != tc.want {
				t.Errorf("reviewEncouragement() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWeeklyFor(t *testing.T) {
	recs, now, loc := reviewFixture(t)
	for _, tc := range []struct {
		name       string
		day        string
		start      string
		interviews int
	}{
		{"monday-is-its-own-week", "2026-03-16", "2026-03-16", 4},
		{"sunday-is-the-weeks-last", "2026-03-15", "2026-03-09", 2},
		{"next-week-from-berlin", "2026-03-23", "2026-03-23", 1},
		{"empty-week", "2025-06-04", "2025-06-02", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rv := WeeklyFor(recs, statsDate(t, tc.day), now, loc, statsPolicy, 0)
			if rv.Start != statsDate(t, tc.start) || rv.End != rv.Start.AddDays(6) || len(rv.Interviews) != tc.interviews {
				t.Errorf("WeeklyFor(%s) = week %s–%s with %d interviews, want from %s with %d",
					tc.day, rv.Start, rv.End, len(rv.Interviews), tc.start, tc.interviews)
			}
		})
	}
}

func TestWriteReviewEmpty(t *testing.T) {
	loc := statsLoc(t, "Europe/Berlin")
	rv := Weekly(nil, time.Date(2026, 3, 18, 9, 0, 0, 0, loc), loc, statsPolicy, 0)
	var buf bytes.Buffer
	if err := WriteReview(&buf, rv); err != nil {
		t.Fatal(err)
	}
	statsGolden(t, "review-empty.txt", buf.Bytes())
}
