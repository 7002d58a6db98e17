package web

import (
	"testing"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/insight/questions/questionstest"
)

func TestBankCache(t *testing.T) {
	recs := questionstest.Generate(30, 1)
	var c bankCache
	first := c.get(recs, questions.Corrections{})
	same := append(recs[:0:0], recs...) // another slice, the same records
	steps := []struct {
		name       string
		get        func() questions.Bank
		wantBuilds int
	}{
		{"first", func() questions.Bank { return first }, 1},
		{"same-records", func() questions.Bank { return c.get(same, questions.Corrections{}) }, 1},
		{"corrections-changed", func() questions.Bank {
			return c.get(same, questions.Corrections{Together: [][2]string{{"Tell me about yourself", "What motivates you?"}}})
		}, 2},
		{"corrections-same", func() questions.Bank {
			return c.get(same, questions.Corrections{Together: [][2]string{{"Tell me about yourself", "What motivates you?"}}})
		}, 2},
		{"a-record-changed", func() questions.Bank {
			changed := append(recs[:0:0], recs...)
			r := *changed[3]
			changed[3] = &r // a file read again is a new record
			return c.get(changed, questions.Corrections{})
		}, 3},
		{"a-record-gone", func() questions.Bank { return c.get(recs[1:], questions.Corrections{}) }, 4},
	}
	for _, st := range steps {
		bank := st.get()
		if c.builds != st.wantBuilds {
			t.Errorf("%s: %d builds, want %d", st.name, c.builds, st.wantBuilds)
		}
		if bank.Asked == 0 {
			t.Errorf("%s: an empty bank", st.name)
		}
	}
	if got := c.get(recs[1:], questions.Corrections{}); got.Records != len(recs)-1 {
		t.Errorf("cached bank counts %d records, want %d", got.Records, len(recs)-1)
	}
}
