package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStartRunsScriptsAndReportsCSP checks the harness itself: a page's own
// script runs, an inline one that its Content-Security-Policy forbids does
// not, and the browser's report of that violation reaches Errors.
func TestStartRunsScriptsAndReportsCSP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok.js" {
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `document.getElementById("out").textContent = "script ran";`)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'")
		fmt.Fprint(w, `<!doctype html><p id="out">no script</p><script src="/ok.js"></script><script>window.inline = 1</script>`)
	}))
	defer srv.Close()

	b := Start(t, Options{})
	tab := b.Tab(30 * time.Second)
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS("#out")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "script ran" {
		t.Errorf("#out = %q, want %q", got, "script ran")
	}
	inline, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool]("window.inline === undefined"))
	if err != nil {
		t.Fatal(err)
	}
	if !inline {
		t.Error("the inline script ran despite the CSP")
	}
	// The browser reports the violation asynchronously.
	if err := tab.WaitError("Content Security Policy"); err != nil {
		t.Error(err)
	}
}
