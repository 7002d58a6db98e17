package notebook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestReflect saves forms made from one revision of a record after the
// record moved on, as a person does who finishes a draft days later.
func TestReflect(t *testing.T) {
	now := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	sent := Date{2026, 3, 14}
	for _, tc := range []struct {
		name      string
		before    func(r *Record) // the record when the form is made
		edit      func(r *Record) // what the person writes in the form
		meanwhile func(r *Record) // what changes in the record after
		// noBase saves the form without its base line, as written by a
		// debrief before revisions.
		noBase        bool
		want          func(r *Record) // the record saved, from the record meanwhile
		wantConflicts []Conflict
	}{
		{
			name:      "stale-form-keeps-thank-you-and-outcome",
			edit:      func(r *Record) { r.Overall.Rating = ptr(7) },
			meanwhile: func(r *Record) { r.FollowUp.ThankYouSent = &sent; r.FollowUp.Outcome = OutcomeNextRound },
			want:      func(r *Record) { r.Overall.Rating = ptr(7) },
		},
		{
			name:      "stale-untouched-form-saves-nothing",
			edit:      func(r *Record) {},
			meanwhile: func(r *Record) { r.FollowUp.ThankYouSent = &sent; r.Overall.WentWell = "Newer." },
		},
		{
			name:      "changes-on-both-sides-in-different-fields",
			edit:      func(r *Record) { r.Overall.WentWell = "The demo."; r.FollowUp.ReplyExpectedBy = &Date{2026, 3, 20} },
			meanwhile: func(r *Record) { r.Overall.Rating = ptr(3); r.NextSteps.Process = "Onsite next." },
			want:      func(r *Record) { r.Overall.WentWell = "The demo."; r.FollowUp.ReplyExpectedBy = &Date{2026, 3, 20} },
		},
		{
			name:      "form-clears-an-answer",
			before:    func(r *Record) { r.Overall.WentWell = "Rapport." },
			edit:      func(r *Record) { r.Overall.WentWell = "" },
			meanwhile: func(r *Record) { r.FollowUp.ThankYouSent = &sent },
			want:      func(r *Record) { r.Overall.WentWell = "" },
		},
		{
			name:      "same-change-on-both-sides",
			edit:      func(r *Record) { r.Overall.Rating = ptr(7) },
			meanwhile: func(r *Record) { r.Overall.Rating = ptr(7) },
		},
		{
			name: "conflict",
			edit: func(r *Record) {
				r.Overall.Rating = ptr(7)
				r.FollowUp.ThankYouSent = &Date{2026, 3, 15}
				r.Overall.WentWell = "Mine."
			},
			meanwhile: func(r *Record) { r.Overall.Rating = ptr(3); r.FollowUp.ThankYouSent = &sent },
			wantConflicts: []Conflict{
				{Key: "overall.rating", Name: "overall rating", Now: "3", Form: "7"},
				{Key: "follow_up.thank_you_sent", Name: "thank-you date sent", Now: "2026-03-14", Form: "2026-03-15"},
			},
		},
		{
			name: "conflict-in-questions",
			edit: func(r *Record) { r.Takeaways.Questions = []Question{{Question: "Why us?", Answer: "Mine."}} },
			meanwhile: func(r *Record) {
				r.Takeaways.Questions = []Question{{Question: "Why us?", Difficult: true}}
			},
			wantConflicts: []Conflict{{
				Key: "takeaways.questions", Name: "questions asked",
				Now:  "Question 1:\n  Question: Why us?\n  Did you find it difficult? yes",
				Form: "Question 1:\n  Question: Why us?\n  Your answer: Mine.",
			}},
		},
		{
			name:      "no-base-never-clears",
			edit:      func(r *Record) { r.Overall.Rating = ptr(7) },
			meanwhile: func(r *Record) { r.FollowUp.ThankYouSent = &sent; r.Overall.WentWell = "Newer." },
			noBase:    true,
			want:      func(r *Record) { r.Overall.Rating = ptr(7) },
		},
		{
			name:      "no-base-saves-what-differs",
			edit:      func(r *Record) { r.Overall.WentWell = "Mine." },
			meanwhile: func(r *Record) { r.Overall.WentWell = "Newer." },
			noBase:    true,
			want:      func(r *Record) { r.Overall.WentWell = "Mine." },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := mustOpen(t, t.TempDir())
			r := freshRecord(t)
			if err := b.Create(r); err != nil {
				t.Fatal(err)
			}
			update := func(fn func(r *Record)) *Record {
				t.Helper()
				got, err := b.Update(r.ID, func(r *Record) error { fn(r); return nil })
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			from := r
			if tc.before != nil {
				from = update(tc.before)
			}
			edited := *from
			tc.edit(&edited)
			form := RenderDraft(&edited, BaseOf(from))
			if tc.noBase {
				form = stripBaseLine(t, form)
			}
			mid := update(tc.meanwhile)
			path := filepath.Join(b.Dir(), FileName(mid))
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}

			saved, changed, err := b.Reflect(r.ID[:5], FormReflection(form), now)

			got, gerr := b.Get(r.ID)
			if gerr != nil {
				t.Fatal(gerr)
			}
			if tc.wantConflicts != nil {
				var ce *ConflictError
				if !errors.As(err, &ce) {
					t.Fatalf("Reflect = %v, want a *ConflictError", err)
				}
				want := &ConflictError{ID: r.ID, FormRevision: from.Revision, Revision: mid.Revision, Fields: tc.wantConflicts}
				if diff := cmp.Diff(ce, want); diff != "" {
					t.Errorf("conflict (-got +want):\n%s", diff)
				}
				for _, c := range tc.wantConflicts {
					if !strings.Contains(err.Error(), c.Name+": now ") {
						t.Errorf("error %q does not name %q with its values", err, c.Name)
					}
				}
			} else if err != nil {
				t.Fatalf("Reflect: %v", err)
			}
			if tc.want == nil {
				if changed {
					t.Errorf("Reflect changed = true, want false: nothing to save")
				}
				if after, _ := os.ReadFile(path); string(after) != string(file) {
					t.Errorf("the record's file changed:\n%s", after)
				}
				if diff := cmp.Diff(got, mid); diff != "" {
					t.Errorf("record (-got +want):\n%s", diff)
				}
				return
			}
			if !changed || saved == nil {
				t.Fatalf("Reflect changed = %v, saved %v; want a save", changed, saved)
			}
			want := *mid
			tc.want(&want)
			want.Revision = mid.Revision + 1
			want.ReflectedAt = &now
			if diff := cmp.Diff(got, &want, cmpopts.IgnoreFields(Record{}, "Updated")); diff != "" {
				t.Errorf("record saved (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(saved, got); diff != "" {
				t.Errorf("Reflect returned (-got +want stored):\n%s", diff)
			}
		})
	}
}

// stripBaseLine removes the form's base line.
func stripBaseLine(t *testing.T, form []byte) []byte {
	t.Helper()
	var out []string
	for _, l := range strings.Split(string(form), "\n") {
		if !strings.HasPrefix(l, baseLinePrefix) {
			out = append(out, l)
		}
	}
	if len(out) == strings.Count(string(form), "\n")+1 {
		t.Fatal("the form has no base line")
	}
	return []byte(strings.Join(out, "\n"))
}

func TestParseBase(t *testing.T) {
	r := fullRecord(t)
	r.Revision = 12
	base := BaseOf(r)
	for _, tc := range []struct {
		name    string
		in      string
		want    Base
		wantErr bool
	}{
		{"round-trip", base.String(), base, false},
		{"none", "", Base{}, false},
		{"revision-only", "12", Base{Revision: 12}, false},
		{"other-layout", "12.xxxx." + strings.SplitN(base.String(), ".", 3)[2], Base{Revision: 12}, false},
		{"cut-short", "12." + layout, Base{}, true},
		{"damaged", "12." + layout + ".abc", Base{}, true},
		{"not-a-revision", "twelve", Base{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseBase(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseBase(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("ParseBase(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
	if got := FormBase(RenderForm(r)); got != base {
		t.Errorf("FormBase(RenderForm(r)) = %+v, want BaseOf(r) %+v", got, base)
	}
}

func TestFieldKeys(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range formFields {
		k := fieldKeys[f]
		if k == "" || seen[k] {
			t.Errorf("field %q has key %q: empty or twice", f.name, k)
		}
		seen[k] = true
	}
	for _, k := range []string{"interview.company", "overall.rating", "takeaways.questions", "follow_up.thank_you_sent", "action_items", "people"} {
		if !seen[k] {
			t.Errorf("no form field has key %q", k)
		}
	}
}

func TestLatestUnreflected(t *testing.T) {
	now := mustTime(t, "2026-03-14T12:00:00Z")
	at := func(id, start string, reflected bool) *Record {
		r := freshRecord(t)
		r.ID = id
		r.Source.Start = mustTime(t, start)
		r.Interview.Date = Date{}
		if reflected {
			r.Overall.WentWell = "ok"
		}
		return r
	}
	recs := []*Record{
		at("aaaaaaaaaa", "2026-03-10T10:00:00Z", false),
		at("bbbbbbbbbb", "2026-03-13T10:00:00Z", false),
		at("cccccccccc", "2026-03-13T11:00:00Z", true),
		at("dddddddddd", "2026-03-15T10:00:00Z", false), // not yet
	}
	if got := LatestUnreflected(recs, now); got == nil || got.ID != "bbbbbbbbbb" {
		t.Errorf("LatestUnreflected = %v, want bbbbbbbbbb", got)
	}
	if got := LatestUnreflected(recs[2:], now); got != nil {
		t.Errorf("LatestUnreflected(reflected and future) = %s, want nil", got.ID)
	}
}

// TestRebaseForm saves a stale form, renews its base and saves it again
// with one more change: no conflict with its own first save, and the
// thank-you marked sent before the first save stays sent.
func TestRebaseForm(t *testing.T) {
	now := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	b := mustOpen(t, t.TempDir())
	r := freshRecord(t)
	if err := b.Create(r); err != nil {
		t.Fatal(err)
	}
	edited := *r
	edited.Overall.Rating = ptr(7)
	form := RenderDraft(&edited, BaseOf(r))
	if _, err := b.Update(r.ID, func(r *Record) error { r.FollowUp.ThankYouSent = &Date{2026, 3, 14}; return nil }); err != nil {
		t.Fatal(err)
	}
	saved, _, err := b.Reflect(r.ID, FormReflection(form), now)
	if err != nil {
		t.Fatal(err)
	}
	rebased, ok := RebaseForm(form, saved)
	if !ok {
		t.Fatal("RebaseForm: the form does not parse")
	}
	if got := FormBase(rebased).Revision; got != saved.Revision {
		t.Errorf("rebased form's revision %d, want %d", got, saved.Revision)
	}
	if strings.Count(string(rebased), baseLinePrefix) != 1 {
		t.Errorf("rebased form has %d base lines, want 1", strings.Count(string(rebased), baseLinePrefix))
	}

	// The person edits the rebased form: the rating again.
	again := cloneRecord(shown(saved))
	if err := ParseForm(rebased, again); err != nil {
		t.Fatal(err)
	}
	again.Overall.Rating = ptr(5)
	got, changed, err := b.Reflect(r.ID, FormReflection(RenderDraft(again, FormBase(rebased))), now)
	if err != nil || !changed {
		t.Fatalf("Reflect of the rebased form = %v, changed %v; want a save", err, changed)
	}
	if *got.Overall.Rating != 5 || got.FollowUp.ThankYouSent == nil {
		t.Errorf("rating %d, thank-you sent %v; want 5 and kept", *got.Overall.Rating, got.FollowUp.ThankYouSent)
	}
}
