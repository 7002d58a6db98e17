package notebook

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
)

func TestThankYouFallbacks(t *testing.T) {
	r := freshRecord(t)
	r.Interview.Interviewers = []Person{{Name: "Ana María López"}, {Name: " bo "}, {Name: ""}, {Name: "Cy Young"}}
	r.Takeaways.Questions = []Question{
		{Question: "Reverse a list?", Difficult: true},
		{Question: "How would you shard a queue?"},
	}
	r.Takeaways.NotDiscussed = "I led the Go migration at Initech"
	subject, body := ThankYou(r)
	if subject != "Thank you: Backend Engineer interview at Acme Corp" {
		t.Errorf("subject = %q", subject)
	}
	for _, want := range []string{
		"Dear Ana, bo and Cy,\n",
		"on Friday, March 13 about the Backend Engineer role at Acme Corp.",
		`I especially enjoyed working through "How would you shard a queue" with you.`,
		"I am very interested in the Backend Engineer role and in joining Acme Corp.",
		"would like to add: I led the Go migration at Initech.\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("draft lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "Reverse a list") {
		t.Errorf("draft names a difficult question as a highlight:\n%s", body)
	}
}

func TestMailto(t *testing.T) {
	got := Mailto([]string{"a@x.example", " ", "b?c@y.example"}, "Hi & bye", "Line 1\nLine 2 100% + more")
	want := "mailto:a@x.example,b%3Fc@y.example?subject=Hi%20%26%20bye&body=Line%201%0D%0ALine%202%20100%25%20%2B%20more"
	if got != want {
		t.Errorf("Mailto =\n%s\nwant\n%s", got, want)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := url.PathUnescape(strings.TrimPrefix(u.RawQuery[strings.Index(u.RawQuery, "&body=")+1:], "body=")); body != "Line 1\r\nLine 2 100% + more" {
		t.Errorf("body decodes to %q", body)
	}
}

func TestCleanAndCSVGuard(t *testing.T) {
	if got := Clean("a\x1b[31mred\x07\r\nb\u2028c\td"); got != "a[31mred\nb\nc d" {
		t.Errorf("Clean = %q", got)
	}
	if got := OneLine("  two\n lines\t "); got != "two lines" {
		t.Errorf("OneLine = %q", got)
	}
	if got := OneLine("Interview \u202Eemca\u202C"); got != "Interview emca" {
		t.Errorf("OneLine kept a bidi override: %q", got)
	}
	r := freshRecord(t)
	r.Interview.Company = "=HYPERLINK(\"http://evil\")"
	r.Interview.Position = "@SUM(A1)"
	var b bytes.Buffer
	if err := WriteCSV(&b, []*Record{r}, mustTime(t, "2026-03-13T16:00:00Z"), policy); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[1]) != len(CSVHeader) {
		t.Fatalf("WriteCSV rows = %v", rows)
	}
	if rows[1][4] != `'=HYPERLINK("http://evil")` || rows[1][5] != "'@SUM(A1)" {
		t.Errorf("formula cells = %q, %q; want them quoted", rows[1][4], rows[1][5])
	}
}

func TestWhen(t *testing.T) {
	r := freshRecord(t)
	if got, want := When(r), "Fri 2026-03-13 14:00–15:00 PDT"; got != want {
		t.Errorf("When = %q, want %q", got, want)
	}
	r.Source.TimeZone = "Europe/Berlin"
	if got, want := When(r), "Fri 2026-03-13 22:00–23:00 CET"; got != want {
		t.Errorf("When in Berlin = %q, want %q", got, want)
	}
	r.Source = nil
	if got, want := When(r), "Fri 2026-03-13"; got != want {
		t.Errorf("When without times = %q, want %q", got, want)
	}
}
