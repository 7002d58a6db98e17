package main

import (
	"strings"
	"testing"
)

// The notebook of newNBSetup: the week of Globex's onsite (Monday
// 2025-06-02) has one interview, not reflected; the follow-ups of Globex
// and Initech are overdue whatever day the test runs (before 2099).
func TestReviewCommand(t *testing.T) {
	s := newNBSetup(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"review-globex-week.txt", []string{"review", "--week", "2025-06-04"}},
		{"review-acme-week.txt", []string{"review", "--week", "2026-03-13"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := s.run(t, tc.args...)
			if code != 0 {
				t.Fatalf("%q: exit %d, stderr %q", tc.args, code, stderr)
			}
			nbGolden(t, tc.name, stdout)
		})
	}
}

func TestReviewThisWeek(t *testing.T) {
	s := newNBSetup(t)
	stdout, stderr, code := s.run(t, "review")
	if code != 0 || !strings.HasPrefix(stdout, "Week of Mon ") || !strings.Contains(stdout, "Follow-ups due or overdue: ") {
		t.Errorf("review = %q (exit %d, stderr %q), want this week's review", stdout, code, stderr)
	}
	_, stderr, code = s.run(t, "review", "--week", "last")
	if code != 2 || !strings.Contains(stderr, `"last" is not a date in the form YYYY-MM-DD`) {
		t.Errorf("review --week last: exit %d, stderr %q; want exit 2 naming the date", code, stderr)
	}
}
