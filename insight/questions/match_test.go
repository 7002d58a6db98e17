package questions

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// namedPairs are the evidence for Threshold: paraphrases that
// must reach it and different questions that must stay under it.
var namedPairs = []struct {
	name    string
	a, b    string
	similar bool
}{
	{"intro-background", "Tell me about yourself", "Walk me through your background", true},
	{"intro-resume", "Tell me about yourself.", "Can you walk me through your resume?", true},
	{"intro-little", "Tell me a little bit about yourself", "Introduce yourself", true},
	{"why-company", "Why do you want to work here?", "What interests you about our company?", true},
	{"why-company-join", "Why do you want to join us?", "Why this company?", true},
	{"conflict-teammate", "Describe a conflict with a coworker", "Tell me about a time you disagreed with a teammate", true},
	{"conflict-colleague", "Tell me about a conflict.", "Describe a disagreement with a colleague", true},
	{"weakness-improvement", "What is your greatest weakness?", "What's an area for improvement for you?", true},
	{"weakness-plural", "What are your weaknesses?", "What's your biggest weakness?", true},
	{"leave-job", "Why are you leaving your current job?", "Why do you want to leave your current role?", true},
	{"five-years", "Where do you see yourself in five years?", "Where do you see yourself in 5 years?", true},
	{"salary", "What are your salary expectations?", "What is your expected salary?", true},
	{"rate-limiter-wording", "Design a rate limiter.", "How would you design a rate limiter?", true},
	{"rate-limiter-morphology", "Design a rate limiter", "Design rate limiting for an API", true},
	{"url-shortener-wording", "Design a URL shortener", "Design a URL shortening service", true},
	{"lru-cache", "Implement an LRU cache", "Implement LRU cache in Go", true},
	{"failure", "Tell me about a time you failed", "Describe a failure and what you learned", true},
	{"linked-list", "Reverse a linked list", "How do you reverse a singly linked list?", true},

	{"shortener-vs-limiter", "Design a URL shortener", "Design a rate limiter", false},
	{"yourself-vs-failed", "Tell me about yourself", "Tell me about a time you failed", false},
	{"yourself-vs-five-years", "Tell me about yourself", "Where do you see yourself in five years?", false},
	{"conflict-vs-failure", "Describe a conflict with a coworker", "Tell me about a time you failed", false},
	{"weakness-vs-strength", "What is your greatest weakness?", "What is your greatest strength?", false},
	{"cache-vs-lru", "Design a distributed cache", "Implement an LRU cache", false},
	{"cache-vs-kv", "Design a distributed cache", "Design a key-value store", false},
	{"why-company-vs-why-leave", "Why do you want to work here?", "Why are you leaving your current job?", false},
	{"reverse-list-vs-cycle", "Reverse a linked list", "Detect a cycle in a linked list", false},
	{"chat-vs-feed", "Design a chat system", "Design a news feed", false},
	{"conflict-colleague-vs-manager", "Tell me about a conflict with a coworker", "How do you handle feedback from your manager?", false},
	{"salary-vs-questions", "What are your salary expectations?", "Do you have any questions for us?", false},
	{"deadline-vs-stress", "Describe a time you had to meet a tight deadline", "What motivates you?", false},
}

func TestSimilarPairs(t *testing.T) {
	minSimilar, maxApart := 1.0, 0.0
	for _, tc := range namedPairs {
		t.Run(tc.name, func(t *testing.T) {
			got := Similarity(tc.a, tc.b)
			if back := Similarity(tc.b, tc.a); math.Abs(back-got) > 1e-12 {
				t.Errorf("Similarity is not symmetric: %v one way, %v the other", got, back)
			}
			if (got >= Threshold) != tc.similar {
				t.Errorf("Similarity(%q, %q) = %.3f, want similar=%v (threshold %.2f); keys %q, %q",
					tc.a, tc.b, got, tc.similar, Threshold, Key(tc.a), Key(tc.b))
			}
		})
		s := Similarity(tc.a, tc.b)
		if tc.similar {
			minSimilar = min(minSimilar, s)
		} else {
			maxApart = max(maxApart, s)
		}
	}
	t.Logf("lowest similar pair %.3f, highest different pair %.3f, threshold %.2f", minSimilar, maxApart, Threshold)
}

func TestQuestionKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Tell me about yourself", "~intro"},
		{"Walk me through your background.", "~intro"},
		{"What interests you about our company?", "~whycompany"},
		{"Tell me about a time you disagreed with a teammate", "conflict colleagu"},
		{"Design a URL shortener", "design link shorten"},
		{"Design rate limiting", "design rat limit"},
		{"Why?", "why"},
		{"", ""},
		{"  ¿Por qué quieres trabajar aquí?  ", "por qué quier trabajar aquí"},
		{"What's your greatest weakness?", "~weakness"},
	} {
		if got := Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSimilarStem(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"designing", "design"}, {"designed", "design"}, {"designs", "design"},
		{"limiter", "limit"}, {"limiting", "limit"}, {"shortener", "shorten"},
		{"disagreed", "disagre"}, {"disagree", "disagre"}, {"disagreement", "disagre"}, {"agreed", "agre"},
		{"stopping", "stop"}, {"companies", "company"}, {"leaving", "leav"}, {"leave", "leav"},
		{"class", "class"}, {"status", "status"}, {"go", "go"}, {"naïve", "naïve"},
	} {
		if got := stem(tc.in); got != tc.want {
			t.Errorf("stem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSimilarExpand(t *testing.T) {
	got := expand("walk (me|us) through (your resume|it|)")
	want := []string{"walk me through your resume", "walk me through it", "walk me through", "walk us through your resume", "walk us through it", "walk us through"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("expand (-got +want):\n%s", diff)
	}
}

// FuzzQuestionKey: any text normalises without panicking into valid UTF-8,
// normalising a key again changes nothing it would group differently, and
// a question is always fully similar to itself.
func FuzzQuestionKey(f *testing.F) {
	for _, p := range namedPairs {
		f.Add(p.a, p.b)
	}
	f.Add("", "\xff\xfe'’")
	f.Add(strings.Repeat("tell me about yourself ", 500), "a (b|c)")
	f.Fuzz(func(t *testing.T, a, b string) {
		k := Key(a)
		if !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q, not valid UTF-8", a, k)
		}
		if strings.TrimSpace(k) != k || strings.Contains(k, "  ") {
			t.Fatalf("Key(%q) = %q: stray spaces", a, k)
		}
		s := Similarity(a, b)
		if s < 0 || s > 1+1e-9 || math.IsNaN(s) {
			t.Fatalf("Similarity(%q, %q) = %v, outside [0, 1]", a, b, s)
		}
		if k != "" {
			if self := Similarity(a, a); self != 1 {
				t.Fatalf("Similarity(%q, itself) = %v, want 1", a, self)
			}
		}
	})
}
