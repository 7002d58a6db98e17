package notebook

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSpecCoversTheForm checks that Spec lists every prompt of the
// Markdown form, in its order, each field with its key once.
func TestSpecCoversTheForm(t *testing.T) {
	sp := Spec()
	if len(sp) != len(form) {
		t.Fatalf("Spec has %d sections, want %d", len(sp), len(form))
	}
	var prompts, keys []string
	for _, s := range sp {
		for _, f := range s.Fields {
			prompts = append(prompts, f.Label)
			if f.Kind != FieldLabel {
				keys = append(keys, f.Key)
			}
			if (f.Kind == FieldBlocks) != (f.Block != nil) {
				t.Errorf("%s: kind %s with block %v", f.Key, f.Kind, f.Block)
			}
		}
	}
	var wantPrompts, wantKeys []string
	for si := range form {
		for fi := range form[si].fields {
			f := &form[si].fields[fi]
			wantPrompts = append(wantPrompts, promptKey(f.prompt))
			if f.kind != kLabel {
				wantKeys = append(wantKeys, fieldKeys[f])
			}
		}
	}
	if diff := cmp.Diff(prompts, wantPrompts); diff != "" {
		t.Errorf("Spec's labels (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(keys, wantKeys); diff != "" {
		t.Errorf("Spec's keys (-got +want):\n%s", diff)
	}

	rating := sp[1].Fields[1]
	want := FormField{Key: "overall.rating", Label: "Rate from 1-10:", Help: "a whole number from 1 to 10", Kind: FieldRating, Level: 1}
	if diff := cmp.Diff(rating, want); diff != "" {
		t.Errorf("the overall rating (-got +want):\n%s", diff)
	}
	questions := sp[2].Fields[2]
	if questions.Key != "takeaways.questions" || questions.Block == nil || questions.Block.Name != "Question" || questions.Block.Min != 3 {
		t.Fatalf("questions asked = %+v, want the takeaways.questions block", questions)
	}
	var itemKeys []string
	for _, f := range questions.Block.Fields {
		itemKeys = append(itemKeys, f.Key+":"+string(f.Kind))
	}
	if diff := cmp.Diff(itemKeys, []string{"question:text", "answer:text", "how_it_went:text", "difficult:flag", "how_to_improve:text"}); diff != "" {
		t.Errorf("a question's fields (-got +want):\n%s", diff)
	}

	// A copy: changing it changes nothing for the next caller.
	sp[0].Fields[0].Label = "changed"
	sp[2].Fields[2].Block.Fields[0].Label = "changed"
	if again := Spec(); again[0].Fields[0].Label == "changed" || again[2].Fields[2].Block.Fields[0].Label == "changed" {
		t.Error("Spec returned its own sections, not a copy")
	}
}

// TestValuesRoundTrip prefills a page from a record and reads it back:
// nothing changes, for every field of the record the form edits.
func TestValuesRoundTrip(t *testing.T) {
	every := &Record{Schema: SchemaVersion, ID: "0123456789"}
	n := 0
	rv := reflect.ValueOf(every).Elem()
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Name
		if notInForm[name] {
			continue
		}
		if name == "FollowUp" {
			for j := range rv.Field(i).NumField() {
				if !notInForm["FollowUp."+rv.Field(i).Type().Field(j).Name] {
					fillWalk(t, rv.Field(i).Field(j), ".FollowUp."+rv.Field(i).Type().Field(j).Name, false, &n)
				}
			}
			continue
		}
		fillWalk(t, rv.Field(i), "."+name, false, &n)
	}
	for _, r := range []*Record{freshRecord(t), partialRecord(t), fullRecord(t), every} {
		v := FormValues(r)
		got := &Record{Schema: r.Schema, ID: r.ID, Source: r.Source, FollowUp: FollowUp{ThankYouDue: r.FollowUp.ThankYouDue, FollowUpDone: r.FollowUp.FollowUpDone, Outcome: r.FollowUp.Outcome, OutcomeOn: r.FollowUp.OutcomeOn, Note: r.FollowUp.Note}}
		got.Revision, got.Created, got.Updated, got.ReflectedAt = r.Revision, r.Created, r.Updated, r.ReflectedAt
		if err := ApplyValues(got, v); err != nil {
			t.Fatalf("ApplyValues(FormValues(%s)): %v", r.ID, err)
		}
		if diff := cmp.Diff(got, shown(r)); diff != "" {
			t.Errorf("ApplyValues(FormValues(r)) (-got +want):\n%s", diff)
		}
	}
}

func TestFormValues(t *testing.T) {
	r := partialRecord(t)
	r.Interview.Date = Date{} // shown from the calendar
	r.Takeaways.Questions[0].Difficult = true
	r.People = []Person{{Name: "Sam", Role: "recruiter"}}
	v := FormValues(r)
	for key, want := range map[string]string{
		"interview.company":                        "Acme Corp",
		"interview.date":                           "2026-03-13",
		"interview.format":                         "video",
		"overall.rating":                           "8",
		"overall.went_well":                        "The design round.\n\nThey liked the diagram.",
		"performance.articulated":                  "no",
		"takeaways.questions.0.question":           "Why Acme?",
		"takeaways.questions.0.difficult":          "yes",
		"people":                                   "Sam | role: recruiter",
		"action_items":                             "[ ] Practise STAR answers.",
		"follow_up.thank_you_sent":                 "",
		"company.opportunity.industry_interesting": "",
	} {
		if got, ok := v[key]; !ok || got != want {
			t.Errorf("FormValues[%q] = %q (present %v), want %q", key, got, ok, want)
		}
	}
}

func TestApplyValuesErrors(t *testing.T) {
	r := partialRecord(t)
	before := *r
	err := ApplyValues(r, Values{
		"overall.rating":                 "11",
		"overall.went_well":              "Kept? No: nothing is applied when anything is wrong.",
		"follow_up.thank_you_sent":       "2026-02-30",
		"performance.articulated":        "maybe",
		"interview.format":               "telepathy",
		"takeaways.questions.0.question": "Why Acme?",
		"takeaways.questions.1.question": "",
		"takeaways.questions.1.answer":   "An answer without its question.",
		"feelings.rank":                  "0",
		"base":                           "not a field: ignored",
	})
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("ApplyValues = %v, want FieldErrors", err)
	}
	var keys []string
	for k := range fe {
		keys = append(keys, k)
	}
	want := []string{"feelings.rank", "follow_up.thank_you_sent", "interview.format", "overall.rating", "performance.articulated", "takeaways.questions.1.question"}
	if diff := cmp.Diff(keys, want, cmpSorted); diff != "" {
		t.Errorf("keys of the errors (-got +want):\n%s", diff)
	}
	if msg := fe["overall.rating"]; !strings.Contains(msg, "1 to 10") {
		t.Errorf("error of the rating %q does not say what to write", msg)
	}
	if diff := cmp.Diff(r, &before); diff != "" {
		t.Errorf("ApplyValues changed the record despite errors (-got +want):\n%s", diff)
	}
}

// TestApplyValuesPartial posts some inputs only: the others keep the
// record's values; a posted block replaces the block, its empty items
// dropped and an unchecked box, not posted, read as no.
func TestApplyValuesPartial(t *testing.T) {
	r := partialRecord(t)
	r.Takeaways.Questions[0].Difficult = true
	want := *r
	if err := ApplyValues(r, Values{
		"overall.rating":                  "",
		"takeaways.questions.0.question":  "Why Acme?",
		"takeaways.questions.0.answer":    "Billing.",
		"takeaways.questions.1.question":  "",
		"takeaways.questions.12.question": "Design a queue.",
	}); err != nil {
		t.Fatal(err)
	}
	want.Overall.Rating = nil
	want.Takeaways.Questions = []Question{{Question: "Why Acme?", Answer: "Billing."}, {Question: "Design a queue."}}
	if diff := cmp.Diff(r, &want); diff != "" {
		t.Errorf("record (-got +want):\n%s", diff)
	}
}

// TestReflectValues saves a posted page through Book.Reflect: its
// mistakes come back as FieldErrors, and a stale page never reverts the
// thank-you marked sent meanwhile.
func TestReflectValues(t *testing.T) {
	now := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	b := mustOpen(t, t.TempDir())
	r := freshRecord(t)
	if err := b.Create(r); err != nil {
		t.Fatal(err)
	}
	v := FormValues(r)
	base, err := ParseBase(BaseOf(r).String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(r.ID, func(r *Record) error { r.FollowUp.ThankYouSent = &Date{2026, 3, 14}; return nil }); err != nil {
		t.Fatal(err)
	}

	v["overall.rating"] = "12"
	_, _, err = b.Reflect(r.ID, ValuesReflection(base, v), now)
	var fe FieldErrors
	if !errors.As(err, &fe) || fe["overall.rating"] == "" {
		t.Fatalf("Reflect with a rating of 12 = %v, want FieldErrors on overall.rating", err)
	}

	v["overall.rating"] = "6"
	saved, changed, err := b.Reflect(r.ID, ValuesReflection(base, v), now)
	if err != nil || !changed {
		t.Fatalf("Reflect = %v, changed %v", err, changed)
	}
	if saved.FollowUp.ThankYouSent == nil || saved.Overall.Rating == nil || *saved.Overall.Rating != 6 {
		t.Errorf("saved thank-you %v, rating %v; want the thank-you kept and 6", saved.FollowUp.ThankYouSent, saved.Overall.Rating)
	}

	v["overall.rating"] = "9"
	_, _, err = b.Reflect(r.ID, ValuesReflection(base, v), now)
	var ce *ConflictError
	if !errors.As(err, &ce) || len(ce.Fields) != 1 || ce.Fields[0].Key != "overall.rating" {
		t.Fatalf("Reflect of the same stale page again with another rating = %v, want a conflict on overall.rating", err)
	}
}

// cmpSorted compares string slices in any order.
var cmpSorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })
