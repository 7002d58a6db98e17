package notebook

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr[T any](v T) *T { return &v }

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// freshRecord is a record as the daemon makes it from a calendar event,
// before any reflection.
func freshRecord(t testing.TB) *Record {
	t.Helper()
	return &Record{
		Schema:   SchemaVersion,
		ID:       RecordID("primary", "ev1"),
		Revision: 1,
		Source: &Source{
			CalendarID: "primary",
			EventID:    "ev1",
			Title:      "Interview: Acme Corp, Backend Engineer",
			Start:      mustTime(t, "2026-03-13T14:00:00-07:00"),
			End:        mustTime(t, "2026-03-13T15:00:00-07:00"),
			TimeZone:   "America/Los_Angeles",
			Link:       "https://www.google.com/calendar/event?eid=ZXYx",
			Conference: "https://meet.google.com/abc-defg-hij",
		},
		Interview: Details{
			Company:      "Acme Corp",
			Position:     "Backend Engineer",
			Date:         mustDate(t, "2026-03-13"),
			Interviewers: []Person{{Name: "Dana Smith", Email: "dana@acme.example"}},
			Format:       FormatVideo,
		},
		Created: mustTime(t, "2026-03-13T15:00:05Z"),
		Updated: mustTime(t, "2026-03-13T15:00:05Z"),
	}
}

// fullRecord has every field of the record set, so the golden file and the
// schema test see every key.
func fullRecord(t testing.TB) *Record {
	t.Helper()
	r := freshRecord(t)
	r.Source.Location = "Acme HQ, 1 Main St"
	r.Interview.Interviewers = []Person{
		{Name: "Dana Smith", Email: "dana@acme.example", Role: "Engineering Manager", Phone: "+1 555 0100", Contact: "linkedin.com/in/dana"},
		{Name: "Lee Wong", Email: "lee@acme.example", Role: "Staff Engineer"},
	}
	r.Interview.Round = "technical screen"
	r.Overall = Overall{Rating: ptr(7), WentWell: "The system design part.", CouldBeBetter: "I rambled on the first question."}
	r.Takeaways = Takeaways{
		Topics:    []string{"distributed systems", "on-call culture"},
		KeyPoints: "Team of six, owns the billing pipeline.",
		Questions: []Question{
			{Question: "Design a rate limiter.", Answer: "Token bucket per key in Redis.", HowItWent: "Good, they liked the sharding.", HowToImprove: "Mention clock skew earlier."},
			{Question: "Tell me about a conflict.", Answer: "The migration story.", HowItWent: "Too long.", Difficult: true, HowToImprove: "Use STAR, two minutes."},
		},
		Difficult:            "The conflict question: practise STAR answers.",
		SkillsFocused:        "Go, Postgres, incident response.",
		StrengthsHighlighted: ptr(false),
		StrengthsImprove:     "Lead with the latency project.",
		NotDiscussed:         "My Kubernetes operator work.",
	}
	r.Performance = Performance{
		Confidence:   ptr(6),
		Articulated:  ptr(true),
		HeldBack:     "Nerves at the start.",
		BodyLanguage: "Kept eye contact, spoke too fast.",
		Concerns:     "Camera angle was poor.",
	}
	r.Company = Company{
		Culture:                "Blameless post-mortems, async.",
		Appealing:              "Ownership of a whole service.",
		Concerning:             "On-call every third week.",
		AlignsWithGoals:        ptr(true),
		AlignmentWhy:           "I want to grow into staff.",
		InterviewerImpressions: "Dana was warm and precise.",
		HowItFelt:              "Relaxed; nothing made me uncomfortable.",
		Opportunity: Opportunity{
			Good: ptr(true), IndustryInteresting: ptr(true), LikeCulture: ptr(true),
			Growth: ptr(true), LearnALot: ptr(true), Enthusiastic: ptr(false),
			Notes: "Fintech is new to me.",
		},
	}
	r.Asked = Asked{
		Relevant: ptr(true),
		Questions: []AskedQuestion{
			{Question: "How do you measure success in the first 90 days?", Response: "Shipping one migration.", Insight: "They value delivery over process."},
		},
	}
	r.NextSteps = NextSteps{
		Process:        "Onsite loop of four, then team match.",
		HearBack:       "within a week",
		MayFollowUp:    ptr(true),
		ThankYouNeeded: ptr(true),
		Standout:       "our talk about sharding the rate limiter by tenant",
		Interest:       "Owning the billing pipeline is exactly the work I want.",
		ThankYouPoints: []string{"thank Lee for the design tips"},
	}
	r.Improvement = Improvement{
		Areas:         "Behavioural answers.",
		Struggled:     "The conflict question.",
		PrepareBetter: "Write five STAR stories.",
		Feedback:      "Recruiter said: strong technically.",
	}
	r.Feelings = Feelings{Overall: "excited", During: "nervous, then fine", Comparison: "Better than Initech.", Rank: ptr(2)}
	r.ActionItems = []ActionItem{{Text: "Write five STAR stories.", Done: true}, {Text: "Fix the camera angle."}}
	r.People = []Person{{Name: "Sam Recruiter", Email: "sam@acme.example", Role: "Recruiter", Phone: "+1 555 0101", Contact: "met in the lobby"}}
	r.FollowUp = FollowUp{
		ThankYouDue:     mustTime(t, "2026-03-14T15:00:00-07:00"),
		ThankYouSent:    ptr(mustDate(t, "2026-03-13")),
		ReplyExpectedBy: ptr(mustDate(t, "2026-03-20")),
		FollowUpOn:      ptr(mustDate(t, "2026-03-23")),
		FollowUpDone:    ptr(mustDate(t, "2026-03-23")),
		Outcome:         OutcomeNextRound,
		OutcomeOn:       ptr(mustDate(t, "2026-03-24")),
		Note:            "Onsite on 2026-04-02.",
	}
	r.ReflectedAt = ptr(mustTime(t, "2026-03-13T15:40:00Z"))
	return r
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(got), string(want)); diff != "" {
		t.Errorf("%s differs (-got +want; go test -update rewrites it):\n%s", path, diff)
	}
}

func mustMarshal(t testing.TB, r *Record) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestGoldenRecords(t *testing.T) {
	for _, tc := range []struct {
		file string
		rec  func(testing.TB) *Record
	}{
		{"fresh.json", freshRecord},
		{"full.json", fullRecord},
	} {
		t.Run(tc.file, func(t *testing.T) {
			want := tc.rec(t)
			golden(t, tc.file, mustMarshal(t, want))
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := decode(data, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("decode(%s) (-got +want):\n%s", tc.file, diff)
			}
			if err := got.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestDecodeSchema0(t *testing.T) {
	data, err := os.ReadFile("testdata/schema0.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(data, "0a1b2c3d4e")
	if err != nil {
		t.Fatal(err)
	}
	want := &Record{
		Schema:   2,
		ID:       "0a1b2c3d4e",
		Revision: 1,
		Interview: Details{
			Company:      "Initech",
			Position:     "SRE",
			Date:         mustDate(t, "2025-11-03"),
			Interviewers: []Person{{Name: "Bill Lumbergh"}},
			Format:       FormatPhone,
		},
		Overall:     Overall{Rating: ptr(4), CouldBeBetter: "Did not know their stack."},
		ActionItems: []ActionItem{{Text: "Read the job ad twice."}},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("decode(schema0.json) (-got +want):\n%s", diff)
	}
}

func TestDecodeNewerSchema(t *testing.T) {
	_, err := decode([]byte(`{"schema": 3, "id": "abcdef1234", "hologram": {}}`), "abcdef1234")
	if err == nil || !strings.Contains(err.Error(), "upgrade debrief") {
		t.Errorf("decode(schema 3) = %v, want an error saying to upgrade debrief", err)
	}
}

func TestDateJSON(t *testing.T) {
	var r Record
	err := json.Unmarshal([]byte(`{"interview": {"date": "2026-02-30"}}`), &r)
	if err == nil || !strings.Contains(err.Error(), "interview.date") || !strings.Contains(err.Error(), "2026-02-30") {
		t.Errorf("unmarshal of a bad date: %v, want an error naming interview.date and the value", err)
	}
	var fu FollowUp
	if err := json.Unmarshal([]byte(`{"thank_you_sent": "2026-03-01", "follow_up_on": null}`), &fu); err != nil {
		t.Fatal(err)
	}
	if got, want := fu.ThankYouSent.String(), "2026-03-01"; got != want {
		t.Errorf("thank_you_sent = %s, want %s", got, want)
	}
	if fu.FollowUpOn != nil {
		t.Errorf("follow_up_on = %v, want nil", fu.FollowUpOn)
	}
	for _, s := range []string{"2026-3-1", "2026-03-01T00:00:00Z", "", "20260301"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded, want an error", s)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	for _, tc := range []struct {
		name, from string
		n          int
		want       string
	}{
		{"thursday+1", "2026-03-12", 1, "2026-03-13"},
		{"friday+1-skips-weekend", "2026-03-13", 1, "2026-03-16"},
		{"saturday+1", "2026-03-14", 1, "2026-03-16"},
		{"sunday+1", "2026-03-15", 1, "2026-03-16"},
		{"friday+5", "2026-03-13", 5, "2026-03-20"},
		{"wednesday+10", "2026-03-11", 10, "2026-03-25"},
		{"zero", "2026-03-14", 0, "2026-03-14"},
		{"across-month", "2026-02-27", 1, "2026-03-02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustDate(t, tc.from).AddBusinessDays(tc.n).String()
			if got != tc.want {
				t.Errorf("%s.AddBusinessDays(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(r *Record)
		field string // in the error; "" means valid
	}{
		{"full", func(r *Record) {}, ""},
		{"rating-0", func(r *Record) { r.Overall.Rating = ptr(0) }, "overall.rating"},
		{"rating-11", func(r *Record) { r.Overall.Rating = ptr(11) }, "overall.rating"},
		{"rating-1", func(r *Record) { r.Overall.Rating = ptr(1) }, ""},
		{"confidence-10", func(r *Record) { r.Performance.Confidence = ptr(10) }, ""},
		{"confidence-negative", func(r *Record) { r.Performance.Confidence = ptr(-3) }, "performance.confidence"},
		{"rank-0", func(r *Record) { r.Feelings.Rank = ptr(0) }, "feelings.rank"},
		{"format-unknown", func(r *Record) { r.Interview.Format = "carrier pigeon" }, "interview.format"},
		{"outcome-unknown", func(r *Record) { r.FollowUp.Outcome = "ghosted" }, "follow_up.outcome"},
		{"empty-question", func(r *Record) { r.Takeaways.Questions[1].Question = " " }, "takeaways.questions[1].question"},
		{"empty-asked", func(r *Record) { r.Asked.Questions[0].Question = "" }, "asked.questions[0].question"},
		{"empty-action", func(r *Record) { r.ActionItems[0].Text = "" }, "action_items[0].text"},
		{"bad-id", func(r *Record) { r.ID = "ZZZ" }, "id"},
		{"newer-schema", func(r *Record) { r.Schema = 9 }, "schema"},
		{"bad-zone", func(r *Record) { r.Source.TimeZone = "Mars/Olympus" }, "source.time_zone"},
		{"source-without-event", func(r *Record) { r.Source.EventID = "" }, "source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fullRecord(t)
			tc.edit(r)
			err := r.Validate()
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tc.field != "" && (err == nil || !strings.Contains(err.Error(), tc.field+":")):
				t.Errorf("Validate() = %v, want an error naming %s", err, tc.field)
			}
		})
	}
}

func TestRecordID(t *testing.T) {
	a, b := RecordID("primary", "ev1"), RecordID("primary", "ev1")
	if a != b {
		t.Errorf("RecordID is not deterministic: %s, %s", a, b)
	}
	if a == RecordID("primary", "ev2") || a == RecordID("work", "ev1") {
		t.Errorf("RecordID(primary, ev1) = %s collides with another event", a)
	}
	for _, id := range []string{a, NewID(), NewID()} {
		if !validID(id) || len(id) != idLen {
			t.Errorf("id %q is not %d characters of [0-9a-v]", id, idLen)
		}
	}
	if x, y := NewID(), NewID(); x == y {
		t.Errorf("NewID returned %s twice", x)
	}
}

func TestReflected(t *testing.T) {
	r := freshRecord(t)
	if r.Reflected() {
		t.Error("fresh record: Reflected() = true, want false")
	}
	r.Feelings.Overall = "neutral"
	if !r.Reflected() {
		t.Error("record with feelings: Reflected() = false, want true")
	}
	r = freshRecord(t)
	r.ActionItems = []ActionItem{{Text: "x"}}
	if !r.Reflected() {
		t.Error("record with an action item: Reflected() = false, want true")
	}
}

func TestFileName(t *testing.T) {
	r := freshRecord(t)
	r.Interview.Company = "  Ünïcode & Sons, Inc. "
	if got, want := FileName(r), "2026-03-13-n-code-sons-inc-"+r.ID+".json"; got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
	r.Interview.Company = ""
	r.Interview.Date = Date{}
	r.Source = nil
	if got, want := FileName(r), "undated-unknown-"+r.ID+".json"; got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
}

// FuzzDecode: any bytes in a notebook file give a record or an error,
// never a panic; a record that decodes and validates survives a round trip
// through the file format unchanged, but for empty lists, which are not
// written (testdata/fuzz/FuzzDecode/71c5… found that).
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"fresh.json", "full.json", "schema0.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema": 1, "id": "abcdabcdab", "interview": {"date": "2026-02-29"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decode(data, "abcdabcdab")
		if err != nil {
			return
		}
		_ = r.Reflected()
		_ = FileName(r)
		_ = Followups(r, time.Now(), policy)
		if r.Validate() != nil {
			return
		}
		again, err := decode(mustMarshal(t, r), r.ID)
		if err != nil {
			t.Fatalf("a valid record does not decode after encoding: %v", err)
		}
		// An empty list is written as no list: nil and empty are equal.
		if diff := cmp.Diff(again, r, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip changed the record (-got +want):\n%s", diff)
		}
	})
}
