package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/debrief-dev/debrief/internal/browsertest"
	"github.com/debrief-dev/debrief/notebook"
)

// TestBrowserFollowupsOneClick: on the follow-ups page in a real browser,
// one click on "Mark the note sent" saves the day in the record on disk,
// comes back to the page with a message saying what happened, and the
// hostile titles on the way ran nothing.
func TestBrowserFollowupsOneClick(t *testing.T) {
	a := mustPages(t, nil) // first, so that it stops after the browser
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	acme := a.ids["acme"]
	button := `form[action="/records/` + acme + `/done"]:has(input[value="thank-you"]) button[type=submit]`
	if err := chromedp.Do(tab.Ctx,
		chromedp.Navigate(a.URL("/followups")),
		chromedp.WaitVisible(chromedp.CSS(button)),
		chromedp.Click(chromedp.CSS(button)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice.ok[role=status]`)),
	); err != nil {
		t.Fatalf("click the button: %v (browser reported %q)", err, tab.Errors())
	}
	flash, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS(`p.notice.ok`)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Thank-you note marked sent on 2026-03-13: Acme — Backend <script>"; !strings.HasPrefix(flash, want) {
		t.Errorf("message = %q, want it to start %q", flash, want)
	}
	path, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string]("location.pathname + location.search"))
	if err != nil {
		t.Fatal(err)
	}
	if path != "/followups" {
		t.Errorf("after the click the browser is at %s, want back on /followups", path)
	}
	if got := a.mustRecord(t, "acme").FollowUp.ThankYouSent; got == nil || *got != (notebook.Date{Year: 2026, Month: 3, Day: 13}) {
		t.Errorf("record on disk: ThankYouSent = %v, want 2026-03-13", got)
	}
	// The settled note left the list: no button for it any more.
	n, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+button+`').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d buttons still mark the Acme note sent, want none", n)
	}
	checkNothingRan(t, tab)
	// A reload shows the page without the message: it was said once.
	if err := chromedp.Do(tab.Ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[int](`document.querySelectorAll('p.notice.ok').length`)); err != nil || n != 0 {
		t.Errorf("after a reload %d messages (%v), want none", n, err)
	}
}

// TestBrowserKeyboard: the layout works from the keyboard alone. The first
// Tab reaches the skip link, which moves the focus past the navigation;
// Tab walks the navigation in order, Enter follows a link; and the
// one-click follow-up is reachable and pressed with keys only.
func TestBrowserKeyboard(t *testing.T) {
	a := mustPages(t, nil) // first, so that it stops after the browser
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	active := func() string {
		t.Helper()
		s, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string](`(function(){const e=document.activeElement; return e.tagName+"|"+(e.id||"")+"|"+e.textContent.trim().slice(0,40)})()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	press := func(key string) {
		t.Helper()
		if err := chromedp.Do(tab.Ctx, chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(a.URL("/")), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}

	// The skip link first, then straight into the content.
	press(kb.Tab)
	if got := active(); got != "A||Skip to the content" {
		t.Fatalf("first Tab focuses %q, want the skip link", got)
	}
	press(kb.Enter)
	if got := active(); !strings.HasPrefix(got, "MAIN|main|") {
		t.Errorf("Enter on the skip link focuses %q, want <main>", got)
	}
	press(kb.Tab)
	if got := active(); !strings.HasPrefix(got, "A||") || strings.Contains(got, "Today") {
		t.Errorf("Tab after skipping focuses %q, want the first link of the content", got)
	}

	// The navigation, in order, then Enter on "Notebook".
	if err := chromedp.Do(tab.Ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	var order []string
	for range 1 + 1 + len(nav) {
		press(kb.Tab)
		order = append(order, strings.SplitN(active(), "|", 3)[2])
	}
	want := []string{"Skip to the content", "debrief"}
	for _, n := range nav {
		want = append(want, n.Label)
	}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("Tab order = %q, want %q", order, want)
	}
	for range len(nav) - 2 { // from the last entry back to Notebook, the second
		if err := chromedp.Do(tab.Ctx, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))); err != nil {
			t.Fatal(err)
		}
	}
	if got := active(); !strings.HasSuffix(got, "|Notebook") {
		t.Fatalf("Shift+Tab back lands on %q, want Notebook", got)
	}
	press(kb.Enter)
	if err := chromedp.Do(tab.Ctx, chromedp.WaitVisible(chromedp.CSS(`a[href="/records"][aria-current=page]`))); err != nil {
		t.Fatalf("Enter on Notebook: %v", err)
	}

	// The follow-ups page: Tab to the Acme note's button, press Enter.
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(a.base+"followups"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	target := `form[action="/records/` + a.ids["acme"] + `/done"]:has(input[value="thank-you"]) button[type=submit]`
	reached := false
	for range 80 {
		press(kb.Tab)
		on, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector('`+target+`')`))
		if err != nil {
			t.Fatal(err)
		}
		if on {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatalf("80 Tabs never reached the Acme note's button (last focus %q)", active())
	}
	press(kb.Enter)
	if err := chromedp.Do(tab.Ctx, chromedp.WaitVisible(chromedp.CSS(`p.notice.ok[role=status]`))); err != nil {
		t.Fatalf("Enter on the button: %v", err)
	}
	if got := a.mustRecord(t, "acme").FollowUp.ThankYouSent; got == nil {
		t.Error("the note is not marked sent on disk after Enter on its button")
	}
	checkNothingRan(t, tab)
}

// checkNothingRan fails when the hostile titles ran script or loaded an
// image in the tab, or the browser reported an error.
func checkNothingRan(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	n, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[int](`document.querySelectorAll('script:not([src]), img[src="x"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the page holds %d elements made from calendar text, want none", n)
	}
	if errs := tab.Errors(); len(errs) > 0 {
		t.Errorf("the browser reported %q, want nothing", errs)
	}
}

// TestBrowserEveryPage loads every page in a real browser under the app's
// Content-Security-Policy: none reports an error (a style attribute in
// the inline charts would be one), none runs the hostile titles, and the
// charts are drawn with their colours.
func TestBrowserEveryPage(t *testing.T) {
	a := mustPages(t, &fakeDetection{seen: Seen{At: pagesNow, Poll: time.Minute, Events: []SeenEvent{
		{ID: "lunch-ev", CalendarID: "primary", Title: "Lunch " + hostile, Start: pagesNow, End: pagesNow.Add(time.Hour), Reason: "no interview keyword"},
	}}})
	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(90 * time.Second)
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(a.URL("/")), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/", "/records", "/records/" + a.ids["initech"], "/records?status=bogus", "/followups", "/thank-you/" + a.ids["acme"],
		"/companies", "/companies/Initech", "/questions", "/stats", "/review", "/events",
	} {
		if err := chromedp.Do(tab.Ctx, chromedp.Navigate(a.base+path[1:]), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		checkNothingRan(t, tab)
		if t.Failed() {
			t.Fatalf("on %s", path)
		}
	}
	// The stats page's charts: drawn, sized by the style sheet, coloured
	// by presentation attributes the CSP allows.
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(a.base+"stats"), chromedp.WaitVisible(chromedp.CSS("figure.chart svg"))); err != nil {
		t.Fatal(err)
	}
	fill, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('figure.chart svg path[fill="#1F77B4"]')).fill`))
	if err != nil {
		t.Fatalf("no blue series in the charts: %v", err)
	}
	if fill != "rgb(31, 119, 180)" {
		t.Errorf("the rating series is drawn in %q, want rgb(31, 119, 180)", fill)
	}
	width, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[float64](`document.querySelector('figure.chart svg').getBoundingClientRect().width`))
	if err != nil {
		t.Fatal(err)
	}
	if width < 500 {
		t.Errorf("the chart is %.0f px wide, want the width of the page's column", width)
	}
}
