package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/debrief-dev/debrief/internal/browsertest"
	"github.com/debrief-dev/debrief/internal/e2e"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/notify/notifytest"
)

// TestNudgeClickToSavedForm is the whole path after an interview, with
// real parts: the daemon binary on a fake calendar shows the nudge on a
// real dunst; a click on it opens the browser ($BROWSER) at the form the
// daemon serves; headless Chromium fills it in and saves; the record on
// disk holds the answers.
func TestNudgeClickToSavedForm(t *testing.T) {
	if browsertest.Path() == "" {
		t.Skip("chromium is not installed: apt-get install chromium")
	}
	dunst := notifytest.Start(t, notifytest.Options{})
	bin := e2e.MustBuild(t)
	s := newE2E(t)
	cfg, err := os.ReadFile(s.config)
	if err != nil {
		t.Fatal(err)
	}
	desktop := strings.Replace(string(cfg), `backend = "command"`, `backend = "desktop"`, 1)
	if err := os.WriteFile(s.config, []byte(desktop), 0o600); err != nil {
		t.Fatal(err)
	}

	// $BROWSER: a script that hands the address to the test.
	opened := filepath.Join(s.dir, "opened")
	if err := syscall.Mkfifo(opened, 0o600); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(s.dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s\\n' \"$1\" > "+opened+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}

	end := time.Now().Add(3 * time.Second).Truncate(time.Second)
	iv := e2eInterview(s.fake, end)
	id := notebook.RecordID("primary", iv.Id)

	cmd, log, _ := s.startDaemon(t, bin, "DBUS_SESSION_BUS_ADDRESS="+dunst.Addr, "BROWSER="+script)
	e2e.Await(t, 20*time.Second, "the nudge on dunst", func() bool {
		return strings.TrimSpace(string(dunst.Ctl(t, "count", "displayed"))) != "0"
	})

	// The click, and the address the daemon opens.
	addr := make(chan string, 1)
	go func() {
		f, err := os.Open(opened) // until the script writes
		if err != nil {
			addr <- ""
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		addr <- strings.TrimSpace(string(b))
	}()
	dunst.Click(t)
	var u string
	select {
	case u = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatalf("the click opened no browser\nlog:\n%s", log)
	}
	if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.Contains(u, "/reflect/"+id+"?token=") {
		t.Fatalf("the click opened %q, want the form of %s with the secret", u, id)
	}

	b := browsertest.Start(t, browsertest.Options{})
	tab := b.Tab(60 * time.Second)
	sel := func(name string) chromedp.CSS { return chromedp.CSS(`[name="` + name + `"]`) }
	if err := chromedp.Do(tab.Ctx,
		chromedp.Navigate(u),
		chromedp.WaitVisible(sel("overall.went_well")),
		chromedp.SendKeys(sel("overall.went_well"), "System design went well."),
		chromedp.Click(chromedp.CSS(`input[name="performance.confidence"][value="7"]`)),
		chromedp.Click(chromedp.CSS(`#reflect button[type=submit]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	); err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log)
	}
	company, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(company, "Acme") {
		t.Errorf("the form's heading = %q, want the interview's company", company)
	}

	files, _ := filepath.Glob(filepath.Join(s.notebook, "*-"+id+".json"))
	if len(files) != 1 {
		t.Fatalf("record files of %s: %q", id, files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var rec notebook.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Overall.WentWell != "System design went well." || rec.Performance.Confidence == nil || *rec.Performance.Confidence != 7 || rec.ReflectedAt == nil {
		t.Errorf("on disk: went_well %q, confidence %v, reflected_at %v; want the answers typed", rec.Overall.WentWell, rec.Performance.Confidence, rec.ReflectedAt)
	}
	stopDaemon(t, cmd, log)
}
