package web

// The web app's figures (docs/PERFORMANCE.md). They are benchmarks, run
// only when asked:
//
//	go test -run '^$' -bench 'BenchmarkReflectSave' -benchtime 200x ./web/
//	go test -run '^$' -bench 'BenchmarkReflectInteractive' -benchtime 20x ./web/

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/debrief-dev/debrief/internal/browsertest"
	"github.com/debrief-dev/debrief/notebook"
)

// BenchmarkReflectSave is the server's time for one save of the form
// (POST /reflect/ID, as the browser sends it): the draft kept first, the
// record read and written under the notebook's lock (temp file, fsync,
// rename, fsync of the directory), the draft removed, the redirect. The
// notebook is on t.TempDir(): a real disk unless TMPDIR is a tmpfs.
func BenchmarkReflectSave(b *testing.B) {
	s := mustServeB(b)
	rec := mustInterview(b, s.book, "ev-bench", "Interview Acme")
	h := s.Handler()
	host := strings.TrimSuffix(strings.TrimPrefix(s.base, "http://"), "/")
	b.ResetTimer()
	b.StopTimer()
	for i := range b.N {
		cur, err := s.book.Get(rec.ID)
		if err != nil {
			b.Fatal(err)
		}
		v := url.Values{}
		for k, val := range notebook.FormValues(cur) {
			v.Set(k, val)
		}
		v.Set("base", notebook.BaseOf(cur).String())
		v.Set("overall.went_well", "Save number "+strconv.Itoa(i))
		req := httptest.NewRequest("POST", "/reflect/"+rec.ID, strings.NewReader(v.Encode()))
		req.Host = host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(&http.Cookie{Name: cookieName, Value: s.secret})
		w := httptest.NewRecorder()
		b.StartTimer()
		h.ServeHTTP(w, req)
		b.StopTimer()
		if w.Code != http.StatusSeeOther {
			b.Fatalf("save %d: status %d:\n%s", i, w.Code, w.Body)
		}
	}
}

// BenchmarkReflectInteractive is what a click on the nudge costs once the
// browser has the address: a new tab opens the form's address with the
// secret (which redirects once to set the cookie), and the form becomes
// interactive. It reports the browser's own Navigation Timing, from the
// start of the navigation: domInteractive (the form can be typed in) and
// loadEventEnd (styles and script loaded), the median over b.N tabs.
func BenchmarkReflectInteractive(b *testing.B) {
	s := mustServeB(b)
	rec := mustInterview(b, s.book, "ev-bench", "Interview Acme")
	br := browsertest.Start(b, browsertest.Options{})
	var interactive, loaded []float64
	for b.Loop() {
		tab := br.Tab(30 * time.Second)
		if err := chromedp.Do(tab.Ctx, chromedp.Navigate(s.URL("/reflect/"+rec.ID)), chromedp.WaitReady(field("overall.went_well"))); err != nil {
			b.Fatal(err)
		}
		t, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[[]float64](`(e => [e.domInteractive, e.loadEventEnd])(performance.getEntriesByType("navigation")[0])`))
		if err != nil {
			b.Fatal(err)
		}
		interactive, loaded = append(interactive, t[0]), append(loaded, t[1])
		tab.Close()
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(interactive), "ms-interactive")
	b.ReportMetric(median(loaded), "ms-loaded")
	b.ReportMetric(slices.Max(interactive), "ms-interactive-max")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
