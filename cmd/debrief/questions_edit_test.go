package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuestionsMergeSplit: merge two groups by number and by text, split
// them again, and see `questions` follow, the choice kept in the notebook
// folder; bad references are usage errors that say what to give.
func TestQuestionsMergeSplit(t *testing.T) {
	s := newInsightSetup(t)
	groups := func() string {
		t.Helper()
		out, stderr, code := s.run(t, "questions")
		if code != 0 {
			t.Fatalf("questions: exit %d: %s", code, stderr)
		}
		var heads []string
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "  also asked as") {
				heads = append(heads, line)
			}
		}
		return strings.Join(heads, "\n")
	}
	before := groups()
	if !strings.Contains(before, "#3 Walk me through your background") || !strings.Contains(before, "#4 Why do you want to leave?") {
		t.Fatalf("questions before any correction:\n%s", before)
	}
	for _, step := range []struct {
		name string
		args []string
		out  string // in stdout
		want string // in the groups after
	}{
		{"merge-by-number", []string{"questions", "merge", "3", "#4"}, "are now one question",
			`also asked as "Why do you want to leave?"`},
		{"split-by-text", []string{"questions", "split", "why do you want to leave?"}, "is now a question of its own",
			"#4 Why do you want to leave?"},
		{"merge-by-text", []string{"questions", "merge", "Walk me through your background", "Why do you want to leave?"}, "are now one question",
			`also asked as "Why do you want to leave?"`},
		{"split-by-number", []string{"questions", "split", "Walk me through your background"}, "is now a question of its own",
			"#4 Why do you want to leave?"},
	} {
		stdout, stderr, code := s.run(t, step.args...)
		if code != 0 || !strings.Contains(stdout, step.out) {
			t.Fatalf("%s: %v: exit %d, stdout %q, stderr %q; want exit 0 and %q", step.name, step.args, code, stdout, stderr, step.out)
		}
		if got := groups(); !strings.Contains(got, step.want) {
			t.Errorf("%s: questions after it:\n%s\nwant a line with %q", step.name, got, step.want)
		}
	}
	data, err := os.ReadFile(filepath.Join(s.dir, ".questions.json"))
	if err != nil {
		t.Fatalf("the corrections are not kept in the notebook folder: %v", err)
	}
	if !strings.Contains(string(data), "Why do you want to leave?") {
		t.Errorf(".questions.json = %s, want the wordings as written", data)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no-such-number", []string{"questions", "merge", "1", "99"}, "there is no question 99"},
		{"no-such-text", []string{"questions", "split", "What is your favourite colour?"}, "no question in the notebook reads"},
		{"same-group", []string{"questions", "merge", "1", "Tell me about a conflict."}, "already one question"},
		{"one-wording", []string{"questions", "split", "2"}, "no other wording"},
		{"missing-argument", []string{"questions", "merge", "1"}, "a second question"},
	} {
		_, stderr, code := s.run(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: %v: exit %d, stderr %q; want exit 2 and %q", tc.name, tc.args, code, stderr, tc.want)
		}
	}
	stdout, stderr, code := s.run(t, "questions", "split", "1")
	if code != 0 || !strings.Contains(stdout, "is now 2 questions, one per wording") {
		t.Fatalf("split 1: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := groups(); !strings.Contains(got, "Tell me about a time you disagreed with a teammate") || strings.Contains(got, "also asked as \"Tell me about a time you disagreed") {
		t.Errorf("questions after split 1:\n%s\nwant the teammate wording as a question of its own", got)
	}
}

// TestQuestionsMergeKeepsEveryWording: merging the group of "Walk me
// through your background" into the group of the teammate wording puts
// every wording of both groups into one question: none is pushed out.
func TestQuestionsMergeKeepsEveryWording(t *testing.T) {
	s := newInsightSetup(t)
	if stdout, stderr, code := s.run(t, "questions", "merge", "Walk me through your background", "Tell me about a time you disagreed with a teammate"); code != 0 {
		t.Fatalf("questions merge: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	out, stderr, code := s.run(t, "questions")
	if code != 0 {
		t.Fatalf("questions: exit %d: %s", code, stderr)
	}
	var group string
	for _, g := range strings.Split(out, "\n\n") {
		if strings.Contains(g, "Walk me through your background") && strings.HasPrefix(strings.TrimSpace(g), "#") {
			group = g
		}
	}
	for _, w := range []string{"Tell me about a conflict.", "Tell me about a time you disagreed with a teammate"} {
		if !strings.Contains(group, w) {
			t.Errorf("questions after the merge:\n%s\nwant %q in the group of %q", out, w, "Walk me through your background")
		}
	}
}
