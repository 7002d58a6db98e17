package web

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/debrief-dev/debrief/internal/browsertest"
	"github.com/debrief-dev/debrief/notebook"
)

// hostileTitle is a calendar title written to run script wherever it is
// pasted into HTML unescaped.
const hostileTitle = `Interview <img src=x onerror="window.pwned=1"> "><script>window.pwned=2</script> Acme`

// mustInterview stores a record as the daemon makes one from a calendar
// event that ended an hour ago.
func mustInterview(t testing.TB, book *notebook.Book, eventID, title string) *notebook.Record {
	t.Helper()
	end := time.Now().Add(-time.Hour).Truncate(time.Minute)
	r := &notebook.Record{
		ID: notebook.RecordID("primary", eventID),
		Source: &notebook.Source{
			CalendarID: "primary", EventID: eventID, Title: title,
			Start: end.Add(-time.Hour), End: end, TimeZone: "Europe/Berlin",
		},
		Interview: notebook.Details{Company: "Acme Corp", Position: "Backend Engineer", Format: notebook.FormatVideo},
	}
	if err := book.Create(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// stored reads the record's JSON file from disk, as another program would.
func stored(t *testing.T, book *notebook.Book, id string) map[string]any {
	t.Helper()
	r, err := book.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(book.Dir(), notebook.FileName(r)))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// at walks a decoded JSON document along a path such as "overall.rating"
// or "takeaways.questions.0.question".
func at(m any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch v := m.(type) {
		case map[string]any:
			m = v[k]
		case []any:
			i := 0
			for _, c := range k {
				i = i*10 + int(c-'0')
			}
			if i >= len(v) {
				return nil
			}
			m = v[i]
		default:
			return nil
		}
	}
	return m
}

// field is the CSS selector of the input named name.
func field(name string) chromedp.CSS { return chromedp.CSS(`[name="` + name + `"]`) }

// radio is the CSS selector of one choice of a radio group.
func radio(name, value string) chromedp.CSS {
	return chromedp.CSS(`input[name="` + name + `"][value="` + value + `"]`)
}

// noErrors fails t when the tab reported a script error or a policy
// violation: the app's own pages must run clean under their CSP. The
// browser also logs the status of a refused save (422, 409) as a network
// error; statuses lists those the test expects.
func noErrors(t *testing.T, tab *browsertest.Tab, statuses ...int) {
	t.Helper()
	var bad []string
next:
	for _, e := range tab.Errors() {
		for _, st := range statuses {
			if strings.Contains(e, fmt.Sprintf("status of %d", st)) {
				continue next
			}
		}
		bad = append(bad, e)
	}
	if len(bad) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(bad, "\n"))
	}
}

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/img/reflect-form.png from TestBrowserReflectSave")

// TestBrowserReflectSave is the central flow: the notification's address
// opens the form, prefilled; the person fills it in and saves; the JSON
// record on disk holds what they typed.
func TestBrowserReflectSave(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-save", "Technical interview – Acme Corp – Backend Engineer")
	b := browsertest.Start(t, browsertest.Options{Width: 1000, Height: 1500})
	tab := b.Tab(60 * time.Second)

	// What a click on the notification opens.
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(s.URL("/reflect/"+rec.ID)), chromedp.WaitVisible(field("overall.went_well"))); err != nil {
		t.Fatal(err)
	}
	company, err := chromedp.Run(tab.Ctx, chromedp.Value(field("interview.company")))
	if err != nil {
		t.Fatal(err)
	}
	if company != "Acme Corp" {
		t.Errorf("company prefilled as %q, want Acme Corp", company)
	}
	if err := chromedp.Do(tab.Ctx,
		chromedp.SendKeys(field("overall.went_well"), "Clear answers on caching.\nGood rapport."),
		chromedp.Click(radio("overall.rating", "8")),
	); err != nil {
		t.Fatal(err)
	}
	if *updateScreenshot {
		if err := chromedp.Do(tab.Ctx, chromedp.SendKeys(field("interview.interviewers"), "Jane Doe | role: Staff Engineer | email: jane.doe@acme.example"),
			chromedp.SendKeys(field("overall.could_be_better"), "Rushed the estimate at the start.")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool]("window.scrollTo(0, 0), document.activeElement.blur(), true")); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(tab.Ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll("../docs/img", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../docs/img/reflect-form.png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(tab.Ctx,
		chromedp.SendKeys(field("takeaways.questions.0.question"), "Design a rate limiter"),
		chromedp.SendKeys(field("takeaways.questions.0.answer"), "Token bucket per user"),
		chromedp.Click(radio("company.aligns_with_goals", "yes")),
		chromedp.Click(chromedp.CSS(`#reflect button[type=submit]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	); err != nil {
		t.Fatal(err)
	}
	next, err := chromedp.Run(tab.Ctx, chromedp.AttributeValue(chromedp.CSS("#saved a"), "href"))
	if err != nil {
		t.Fatal(err)
	}
	if next.Value != "/thank-you/"+rec.ID {
		t.Errorf("after the save, the next step links to %q, want the thank-you draft", next.Value)
	}
	m := stored(t, s.book, rec.ID)
	for path, want := range map[string]any{
		"overall.went_well":              "Clear answers on caching.\nGood rapport.",
		"overall.rating":                 8.0,
		"takeaways.questions.0.question": "Design a rate limiter",
		"takeaways.questions.0.answer":   "Token bucket per user",
		"company.aligns_with_goals":      true,
		"interview.company":              "Acme Corp",
		"revision":                       2.0,
	} {
		if got := at(m, path); got != want {
			t.Errorf("on disk %s = %#v, want %#v", path, got, want)
		}
	}
	if at(m, "reflected_at") == nil {
		t.Error("reflected_at not set")
	}
	if _, err := os.Stat(s.drafts.path(rec.ID)); !os.IsNotExist(err) {
		t.Errorf("the draft is still there after the save: %v", err)
	}
	noErrors(t, tab)
}

// TestBrowserHostileTitle: a calendar title made to run script is shown
// as text and runs nothing.
func TestBrowserHostileTitle(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-hostile", hostileTitle)
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(s.URL("/reflect/"+rec.ID)), chromedp.WaitVisible(chromedp.CSS(".event-title"))); err != nil {
		t.Fatal(err)
	}
	pwned, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool]("typeof window.pwned !== 'undefined'"))
	if err != nil {
		t.Fatal(err)
	}
	if pwned {
		t.Error("the hostile title ran script")
	}
	scripts, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[int]("document.querySelectorAll('script, img').length"))
	if err != nil {
		t.Fatal(err)
	}
	if scripts != 1 { // reflect.js
		t.Errorf("the page holds %d script or img elements, want only reflect.js", scripts)
	}
	shown, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS(".event-title")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, `<script>window.pwned=2</script>`) {
		t.Errorf("the title is not shown as text: %q", shown)
	}
	noErrors(t, tab)
}

// TestBrowserCrossSitePost: a page on another site that posts a form to
// the app, in the person's browser (which holds the cookie), is refused,
// and the record is unchanged.
func TestBrowserCrossSitePost(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-csrf", "Interview Acme")
	before := stored(t, s.book, rec.ID)
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	// The person opened the app earlier: the browser has the cookie.
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(s.URL("/reflect/"+rec.ID)), chromedp.WaitVisible(field("overall.went_well"))); err != nil {
		t.Fatal(err)
	}
	evil := crossSitePost(t, s.base+"reflect/"+rec.ID, url.Values{"overall.went_well": {"written by another site"}})
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(evil.URL), chromedp.WaitVisible(chromedp.CSS(".error"))); err != nil {
		t.Fatal(err)
	}
	text := pageText(t, tab)
	if !strings.Contains(text, "came from another site") {
		t.Errorf("the cross-site post did not get the refusal page:\n%s", text)
	}
	after := stored(t, s.book, rec.ID)
	if at(after, "overall.went_well") != nil || at(after, "revision") != at(before, "revision") {
		t.Errorf("the record changed: went_well %v, revision %v → %v", at(after, "overall.went_well"), at(before, "revision"), at(after, "revision"))
	}
}

// restart stops old and serves the app again on its state dir and
// notebook, as a restarted daemon does.
func restart(t *testing.T, old *testServer) *testServer {
	t.Helper()
	old.stop()
	return serveOn(t, old.book, old.state)
}

// TestBrowserValidationKeepsText: a save with mistakes saves nothing,
// shows each mistake next to its input and in a list at the top, and
// keeps every character typed.
func TestBrowserValidationKeepsText(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-invalid", "Interview Acme")
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	const wentWell = "Line one: the system design part.\n\n  Indented line two, with <b>tags</b> & \"quotes\" — and ünïcödé 🙂\nThird line."
	if err := chromedp.Do(tab.Ctx,
		chromedp.Navigate(s.URL("/reflect/"+rec.ID)),
		chromedp.WaitVisible(field("overall.went_well")),
		chromedp.SendKeys(field("overall.went_well"), wentWell),
		chromedp.SendKeys(field("interview.interviewers"), "Jane Doe | emial: jane@acme.example"),
		chromedp.SendKeys(field("takeaways.questions.0.answer"), "An answer to a question I forgot to write down"),
		chromedp.Click(chromedp.CSS(`#reflect button[type=submit]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS("#errors")),
	); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"overall.went_well":            wentWell,
		"interview.interviewers":       "Jane Doe | emial: jane@acme.example",
		"takeaways.questions.0.answer": "An answer to a question I forgot to write down",
		"interview.company":            "Acme Corp",
	} {
		got, err := chromedp.Run(tab.Ctx, chromedp.Value(field(name)))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("after the refused save, %s = %q, want %q as typed", name, got, want)
		}
	}
	for _, id := range []string{"interview.interviewers", "takeaways.questions.0.question"} {
		msg, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS(`[id="`+id+`-error"]`)))
		if err != nil {
			t.Fatalf("no error next to %s: %v", id, err)
		}
		if msg == "" {
			t.Errorf("the error next to %s is empty", id)
		}
		invalid, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string](`document.getElementById("`+id+`").getAttribute("aria-invalid")`))
		if err != nil {
			t.Fatal(err)
		}
		if invalid != "true" {
			t.Errorf("%s is not marked aria-invalid", id)
		}
	}
	focus, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string]("document.activeElement.id"))
	if err != nil {
		t.Fatal(err)
	}
	if focus != "errors" {
		t.Errorf("after the refused save the focus is on %q, want the summary of the mistakes", focus)
	}
	summary := pageText(t, tab)
	if !strings.Contains(summary, "Nothing was saved: 2 answers need a fix") {
		t.Errorf("no summary of the two mistakes:\n%s", summary)
	}
	m := stored(t, s.book, rec.ID)
	if at(m, "revision") != 1.0 || at(m, "overall.went_well") != nil {
		t.Errorf("the refused save changed the record: revision %v, went_well %v", at(m, "revision"), at(m, "overall.went_well"))
	}
	dr, ok, err := s.drafts.get(rec.ID)
	if err != nil || !ok || dr.Values.Get("overall.went_well") != wentWell {
		t.Errorf("the refused save's text is not kept as a draft: %v %v %q", ok, err, dr.Values.Get("overall.went_well"))
	}
	noErrors(t, tab, 422)
}

// waitDraftKept waits until the page says its draft reached debrief.
func waitDraftKept(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	if _, err := chromedp.Run(tab.Ctx, chromedp.Poll[bool](`document.getElementById("draft-status").textContent.startsWith("Draft kept")`)); err != nil {
		t.Fatalf("the draft was never kept: %v", err)
	}
}

// valueOf reads one input's value.
func valueOf(t *testing.T, tab *browsertest.Tab, name string) string {
	t.Helper()
	v, err := chromedp.Run(tab.Ctx, chromedp.Value(field(name)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserDraft: what was typed and not saved comes back after the tab
// is closed, after the daemon restarts, after the browser crashes, and,
// typed while debrief was down, from the browser's own copy.
func TestBrowserDraft(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-draft", "Interview Acme")
	profile := t.TempDir()
	top := t
	b := browsertest.Start(t, browsertest.Options{Profile: profile})
	form := func(t *testing.T, srv *testServer, tab *browsertest.Tab) {
		t.Helper()
		if err := chromedp.Do(tab.Ctx, chromedp.Navigate(srv.URL("/reflect/"+rec.ID)), chromedp.WaitVisible(field("overall.went_well"))); err != nil {
			t.Fatal(err)
		}
	}

	tab := b.Tab(60 * time.Second)
	form(t, s, tab)
	if err := chromedp.Do(tab.Ctx,
		chromedp.SendKeys(field("overall.went_well"), "Typed, then the tab closed"),
		chromedp.SendKeys(field("takeaways.questions.0.question"), "Tell me about a conflict"),
		chromedp.SendKeys(field("takeaways.questions.1.question"), "Why us?"),
		chromedp.Click(chromedp.CSS(`[data-add="takeaways.questions"]`)),
	); err != nil {
		t.Fatal(err)
	}
	// A fourth question, in the block "Add another" made.
	if err := chromedp.Do(tab.Ctx, chromedp.SendKeys(field("takeaways.questions.3.question"), "A fourth one")); err != nil {
		t.Fatal(err)
	}
	waitDraftKept(t, tab)
	if err := tab.Close(); err != nil {
		t.Fatal(err)
	}

	t.Run("tab-closed", func(t *testing.T) {
		tab := b.Tab(60 * time.Second)
		form(t, s, tab)
		for name, want := range map[string]string{
			"overall.went_well":              "Typed, then the tab closed",
			"takeaways.questions.1.question": "Why us?",
			"takeaways.questions.3.question": "A fourth one",
		} {
			if got := valueOf(t, tab, name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		if text := pageText(t, tab); !strings.Contains(text, "shows your draft from") {
			t.Errorf("the page does not say it shows a draft:\n%s", text)
		}
		noErrors(t, tab)
	})

	var s2 *testServer
	t.Run("daemon-restarted", func(t *testing.T) {
		s2 = restart(top, s)
		tab := b.Tab(60 * time.Second)
		form(t, s2, tab)
		if got := valueOf(t, tab, "overall.went_well"); got != "Typed, then the tab closed" {
			t.Errorf("after a restart of the app, went_well = %q", got)
		}
		if err := chromedp.Do(tab.Ctx, chromedp.SendKeys(field("overall.could_be_better"), "Typed before the crash")); err != nil {
			t.Fatal(err)
		}
		waitDraftKept(t, tab)
	})

	t.Run("browser-crashed", func(t *testing.T) {
		b.Kill()
		b2 := browsertest.Start(top, browsertest.Options{Profile: profile})
		tab := b2.Tab(60 * time.Second)
		form(t, s2, tab)
		if got := valueOf(t, tab, "overall.could_be_better"); got != "Typed before the crash" {
			t.Errorf("after a browser crash, could_be_better = %q", got)
		}
		b = b2
	})

	t.Run("typed-while-debrief-was-down", func(t *testing.T) {
		tab := b.Tab(60 * time.Second)
		form(t, s2, tab)
		s2.stop()
		if err := chromedp.Do(tab.Ctx, chromedp.SendKeys(field("performance.concerns"), "Typed while debrief was down")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab.Ctx, chromedp.Poll[bool](`document.getElementById("draft-status").textContent.startsWith("debrief did not answer")`)); err != nil {
			t.Fatalf("the page never said debrief did not answer: %v", err)
		}
		if err := tab.Close(); err != nil {
			t.Fatal(err)
		}
		s3 := serveOn(top, s2.book, s2.state)
		tab = b.Tab(60 * time.Second)
		form(t, s3, tab)
		if got := valueOf(t, tab, "performance.concerns"); got != "Typed while debrief was down" {
			t.Errorf("the browser's copy was not put back: concerns = %q", got)
		}
		if got := valueOf(t, tab, "overall.could_be_better"); got != "Typed before the crash" {
			t.Errorf("putting back the browser's copy lost the server's draft: could_be_better = %q", got)
		}
		waitDraftKept(t, tab) // and it reached debrief
		dr, ok, err := s3.drafts.get(rec.ID)
		if err != nil || !ok || dr.Values.Get("performance.concerns") != "Typed while debrief was down" {
			t.Errorf("server draft after the put-back: %v %v %q", ok, err, dr.Values.Get("performance.concerns"))
		}
		noErrors(t, tab)
	})
}

// TestBrowserConflict: the record changes (the command line marks the
// thank-you sent and writes an answer) while the form is open; saving the
// form refuses to overwrite the answer changed on both sides, shows both
// versions, and keeps the text; choosing to keep one's own saves it, and
// the thank-you date set meanwhile stays.
func TestBrowserConflict(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-conflict", "Interview Acme")
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(s.URL("/reflect/"+rec.ID)), chromedp.WaitVisible(field("overall.went_well"))); err != nil {
		t.Fatal(err)
	}
	sent, err := notebook.ParseDate("2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.book.Update(rec.ID, func(r *notebook.Record) error {
		r.Overall.WentWell = "Written from the command line"
		r.FollowUp.ThankYouSent = &sent
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	save := chromedp.Click(chromedp.CSS(`#reflect button[type=submit]:not([formaction])`))
	if err := chromedp.Do(tab.Ctx,
		chromedp.SendKeys(field("overall.went_well"), "Written in the browser"),
		chromedp.SendKeys(field("overall.could_be_better"), "Only in the browser"),
		save,
		chromedp.WaitVisible(chromedp.CSS("#conflicts")),
	); err != nil {
		t.Fatal(err)
	}
	text := pageText(t, tab)
	for _, want := range []string{"this record changed while you were writing", "Written from the command line", "Written in the browser"} {
		if !strings.Contains(text, want) {
			t.Errorf("the conflict page lacks %q:\n%s", want, text)
		}
	}
	if got := valueOf(t, tab, "overall.went_well"); got != "Written in the browser" {
		t.Errorf("the form lost the text: went_well = %q", got)
	}
	if got := valueOf(t, tab, "overall.could_be_better"); got != "Only in the browser" {
		t.Errorf("the form lost the text: could_be_better = %q", got)
	}
	m := stored(t, s.book, rec.ID)
	if at(m, "overall.went_well") != "Written from the command line" || at(m, "overall.could_be_better") != nil {
		t.Errorf("the refused save wrote to the record: went_well %v, could_be_better %v", at(m, "overall.went_well"), at(m, "overall.could_be_better"))
	}

	// Keep mine (the choice the page starts on) and save again.
	if err := chromedp.Do(tab.Ctx,
		chromedp.Click(radio("resolve.overall.went_well", "mine")),
		save,
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	); err != nil {
		t.Fatal(err)
	}
	m = stored(t, s.book, rec.ID)
	for path, want := range map[string]any{
		"overall.went_well":        "Written in the browser",
		"overall.could_be_better":  "Only in the browser",
		"follow_up.thank_you_sent": "2026-03-14",
	} {
		if got := at(m, path); got != want {
			t.Errorf("after keeping mine, %s = %#v, want %#v", path, got, want)
		}
	}
	noErrors(t, tab, 409)
}

// TestBrowserKeyboardOnly: the form is usable with the keyboard alone:
// every input has a label, Tab reaches each in order, arrows pick a
// rating, Enter on the Save button saves.
func TestBrowserKeyboardOnly(t *testing.T) {
	s := mustServe(t)
	rec := mustInterview(t, s.book, "ev-keys", "Interview Acme")
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(90 * time.Second)
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(s.URL("/reflect/"+rec.ID)), chromedp.WaitVisible(field("overall.went_well"))); err != nil {
		t.Fatal(err)
	}
	unlabelled, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("input:not([type=hidden]), textarea, select")).filter(e => !e.labels || e.labels.length === 0).map(e => e.name)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(unlabelled) > 0 {
		t.Errorf("inputs without a label: %q", unlabelled)
	}
	focused := func() string {
		t.Helper()
		s, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string](`(e => e.name || e.id || e.textContent.trim())(document.activeElement)`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	press := func(keys string) {
		t.Helper()
		if err := chromedp.Do(tab.Ctx, chromedp.KeyEvent(keys)); err != nil {
			t.Fatal(err)
		}
	}
	tabTo := func(name string) {
		t.Helper()
		for range 200 {
			press(kb.Tab)
			if focused() == name {
				return
			}
		}
		t.Fatalf("Tab never reached %s", name)
	}
	// The first Tab reaches the link that skips the navigation.
	press(kb.Tab)
	if got := focused(); got != "Skip to the content" {
		t.Errorf("first Tab focuses %q, want the skip link", got)
	}
	tabTo("overall.rating")
	for range 8 {
		press(kb.ArrowRight) // from "not rated" to 8
	}
	tabTo("overall.went_well")
	press("Kept it calm.")
	tabTo("Save to the notebook")
	press(kb.Enter)
	if err := chromedp.Do(tab.Ctx, chromedp.WaitVisible(chromedp.CSS("#saved"))); err != nil {
		t.Fatal(err)
	}
	m := stored(t, s.book, rec.ID)
	if at(m, "overall.rating") != 8.0 || at(m, "overall.went_well") != "Kept it calm." {
		t.Errorf("saved by keyboard: rating %v, went_well %v; want 8 and the text typed", at(m, "overall.rating"), at(m, "overall.went_well"))
	}
	noErrors(t, tab)
}
