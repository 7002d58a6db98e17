package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/debrief-dev/debrief/internal/browsertest"
)

// Browser tests: the app in a real headless Chromium. They skip when
// Chromium is not installed (apt-get install chromium).

// pageText is the text of the page's body.
func pageText(t *testing.T, tab *browsertest.Tab) string {
	t.Helper()
	s, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBrowserSecret: the address with the secret lets the browser in and
// leaves the address bar without it; a wrong or missing secret is refused
// with a page that says what to do.
func TestBrowserSecret(t *testing.T) {
	s := mustServe(t)
	b := browsertest.Start(t, browsertest.Options{})

	t.Run("missing", func(t *testing.T) {
		tab := b.Tab(30 * time.Second)
		resp, err := chromedp.Run(tab.Ctx, chromedp.NavigateResponse(s.base+"no-such-page"))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != http.StatusForbidden {
			t.Errorf("status = %d, want 403", resp.Status)
		}
		if text := pageText(t, tab); !strings.Contains(text, "needs the address with its key") || !strings.Contains(text, "debrief open") {
			t.Errorf("page does not say what to do:\n%s", text)
		}
	})
	t.Run("wrong", func(t *testing.T) {
		tab := b.Tab(30 * time.Second)
		resp, err := chromedp.Run(tab.Ctx, chromedp.NavigateResponse(s.base+"no-such-page?token="+strings.Repeat("1", 64)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != http.StatusForbidden {
			t.Errorf("status = %d, want 403", resp.Status)
		}
		if text := pageText(t, tab); !strings.Contains(text, "wrong or out of date") {
			t.Errorf("page does not say the key is wrong:\n%s", text)
		}
	})
	t.Run("right-then-cookie", func(t *testing.T) {
		tab := b.Tab(30 * time.Second)
		resp, err := chromedp.Run(tab.Ctx, chromedp.NavigateResponse(s.URL("/no-such-page")))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != http.StatusNotFound { // through the secret, to the 404 page
			t.Errorf("status = %d, want 404 (past the secret)", resp.Status)
		}
		loc, err := chromedp.Run(tab.Ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if loc != s.base+"no-such-page" {
			t.Errorf("address bar = %s, want %s (no secret in it)", loc, s.base+"no-such-page")
		}
		// Scripts cannot read the cookie (HttpOnly).
		cookies, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string]("document.cookie"))
		if err != nil {
			t.Fatal(err)
		}
		if cookies != "" {
			t.Errorf("document.cookie = %q, want it hidden from scripts", cookies)
		}
		// A later visit without the token gets in with the cookie.
		resp, err = chromedp.Run(tab.Ctx, chromedp.NavigateResponse(s.base+"other-page"))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != http.StatusNotFound {
			t.Errorf("second visit: status = %d, want 404 (past the secret)", resp.Status)
		}
	})
}

// TestBrowserRebinding: a page reached under another name that resolves
// to 127.0.0.1 (what DNS rebinding does) is refused, even with the cookie
// and the secret.
func TestBrowserRebinding(t *testing.T) {
	s := mustServe(t)
	u, _ := url.Parse(s.base)
	b := browsertest.Start(t, browsertest.Options{Flags: map[string]any{
		"host-resolver-rules": "MAP rebind.test 127.0.0.1",
	}})
	tab := b.Tab(30 * time.Second)
	evil := "http://rebind.test:" + u.Port() + "/?token=" + s.secret
	resp, err := chromedp.Run(tab.Ctx, chromedp.NavigateResponse(evil))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusMisdirectedRequest {
		t.Errorf("status = %d, want 421", resp.Status)
	}
	if text := pageText(t, tab); strings.Contains(text, "debrief web app\n") || !strings.Contains(text, "not the web app's") {
		t.Errorf("page = %q, want the refusal", text)
	}
}

// crossSitePost is a page on another origin whose form posts to target
// with the fields given, as soon as it loads.
func crossSitePost(t *testing.T, target string, fields url.Values) *httptest.Server {
	t.Helper()
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var inputs strings.Builder
		for k, vs := range fields {
			for _, v := range vs {
				fmt.Fprintf(&inputs, `<input type="hidden" name="%s" value="%s">`, k, v)
			}
		}
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s">%s</form><script>document.getElementById("f").submit()</script>`, target, inputs.String())
	}))
	t.Cleanup(evil.Close)
	return evil
}
