package questionstest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// Families are paraphrase families: each inner list is one question.
var Families = [][]string{
	{"Tell me about yourself", "Walk me through your background", "Walk me through your resume", "Tell me a little about yourself", "Introduce yourself"},
	{"Why do you want to work here?", "What interests you about our company?", "Why this company?", "Why do you want to join us?"},
	{"Describe a conflict with a coworker", "Tell me about a time you disagreed with a teammate", "Tell me about a conflict with a colleague"},
	{"What is your greatest weakness?", "What's your biggest weakness?", "What is an area for improvement for you?"},
	{"Why are you leaving your current job?", "Why do you want to leave your current role?"},
	{"Where do you see yourself in five years?", "Where do you see yourself in 5 years?"},
	{"Tell me about a time you failed", "Describe a failure and what you learned"},
	{"What are your salary expectations?", "What is your expected salary?"},
	{"Design a URL shortener", "How would you design a URL shortener?", "Design a URL shortening service"},
	{"Design a rate limiter", "How would you design a rate limiter?", "Design rate limiting for an API"},
	{"Design a chat system"}, {"Design a news feed"}, {"Design a distributed cache"}, {"Design a key-value store"},
	{"Implement an LRU cache", "Implement LRU cache in Go"},
	{"Reverse a linked list", "How do you reverse a singly linked list?"},
	{"Detect a cycle in a linked list"},
	{"How do you handle feedback from your manager?"},
	{"Describe a time you had to meet a tight deadline"},
	{"What motivates you?"},
}

// Companies are the companies of the generated records.
var Companies = []string{"Acme Corp", "Initech", "Hooli", "Globex", "Umbrella", "Stark Industries", "Wayne Enterprises", "Pied Piper", "Soylent", "Tyrell"}

// Generate makes n records over two years, each asking 2–6 questions
// drawn from Families (any wording of a family) plus, one time in ten,
// a question made unique by a project name, as real notebooks have.
func Generate(n int, seed uint64) []*notebook.Record {
	rng := rand.New(rand.NewPCG(seed, 99))
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	how := []string{"Good, they liked it.", "Rambled, too long.", "ok", "Struggled with the follow-ups.", ""}
	recs := make([]*notebook.Record, n)
	for i := range recs {
		start := base.Add(time.Duration(rng.IntN(2*365*24)) * time.Hour)
		r := &notebook.Record{
			ID:     fmt.Sprintf("g%09d", i),
			Source: &notebook.Source{CalendarID: "primary", EventID: fmt.Sprint(i), Start: start, End: start.Add(time.Hour)},
			Interview: notebook.Details{
				Company: Companies[rng.IntN(len(Companies))], Date: notebook.DateOf(start), Round: "onsite",
			},
		}
		if rng.IntN(3) > 0 {
			rating := 1 + rng.IntN(10)
			r.Overall.Rating = &rating
		}
		for range 2 + rng.IntN(5) {
			fam := Families[rng.IntN(len(Families))]
			text := fam[rng.IntN(len(fam))]
			if rng.IntN(10) == 0 {
				text = fmt.Sprintf("Tell me about the Project%d migration", rng.IntN(5000))
			}
			r.Takeaways.Questions = append(r.Takeaways.Questions, notebook.Question{
				Question: text, Answer: "An answer.", HowItWent: how[rng.IntN(len(how))], Difficult: rng.IntN(6) == 0,
			})
		}
		recs[i] = r
	}
	return recs
}
