package main

// The daemon's figures that need real time (docs/PERFORMANCE.md): the built
// binary, as a person runs it, against the fake calendar over loopback
// HTTP. They are benchmarks, so they run only when asked:
//
//	go test -run '^$' -bench BenchmarkNudgeDelay -benchtime 1x ./cmd/debrief/ [-args -figures.tick 1s]
//	go test -run '^$' -bench BenchmarkIdle -benchtime 1x -timeout 0 ./cmd/debrief/ -args -figures.for 10m [-figures.web=false]

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/e2e"
)

var (
	figuresFor       = flag.Duration("figures.for", time.Minute, "BenchmarkIdle: how long to watch the idle daemon")
	figuresPoll      = flag.Duration("figures.poll", time.Minute, "calendar.poll_interval of the figures' daemon")
	figuresTick      = flag.Duration("figures.tick", 30*time.Second, "BenchmarkNudgeDelay: alerts.tick (BenchmarkIdle runs at the default, 30s)")
	figuresN         = flag.Int("figures.n", 100, "BenchmarkNudgeDelay: how many interviews")
	figuresCalendars = flag.Int("figures.calendars", 1, "BenchmarkIdle: how many calendars to watch")
	figuresWeb       = flag.Bool("figures.web", true, "BenchmarkIdle: serve the web app ([web] enabled, the default); false to see what it costs")
)

// figuresDaemon starts the binary on s's config and returns its process;
// it is stopped with SIGTERM when the benchmark ends.
func figuresDaemon(b *testing.B, s *e2eSetup, bin string) *e2e.Proc {
	b.Helper()
	var env []string
	for _, kv := range s.env() {
		if !strings.HasPrefix(kv, "NOTIFY_SOCKET=") { // nobody listens
			env = append(env, kv)
		}
	}
	p := e2e.StartOutput(b, bin, env, os.Stderr, "--config", s.config, "daemon")
	b.Cleanup(func() {
		if !p.Exited() {
			p.Stop(10 * time.Second)
		}
	})
	return p
}

// figuresSetup is a fake calendar and a daemon config for it with extra
// TOML in [calendar] and after it.
func figuresSetup(b *testing.B, calendar, rest string) *e2eSetup {
	b.Helper()
	s := e2eFiles(b)
	if !strings.Contains(calendar, "calendars =") {
		calendar = "calendars = [\"primary\"]\n" + calendar
	}
	c := fmt.Sprintf(`[calendar]
auth = "none"
endpoint = %q
%s
%s%s`, s.fake.Endpoint(), calendar, e2e.Sections(b, s.notebook, s.state), rest)
	if err := os.WriteFile(s.config, []byte(c), 0o600); err != nil {
		b.Fatal(err)
	}
	return s
}

// figuresInterview is a one-company interview in zone.
func figuresInterview(start, end time.Time, company, zone string) *gcal.Event {
	return &gcal.Event{
		Summary:     "Technical interview – " + company + " – Backend Engineer",
		Start:       &gcal.EventDateTime{DateTime: start.Format(time.RFC3339Nano), TimeZone: zone},
		End:         &gcal.EventDateTime{DateTime: end.Format(time.RFC3339Nano), TimeZone: zone},
		HangoutLink: "https://meet.google.com/abc-defg-hij",
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
			{Email: "jane@" + strings.ToLower(company) + ".example", DisplayName: "Jane Doe", ResponseStatus: "accepted"},
		},
	}
}

// BenchmarkNudgeDelay puts -figures.n interviews ending 1.37 s apart (so
// the ends fall at every phase of the tick; each lasts 1 s, so none share
// a block) and measures, for each, the time from its end to its nudge: the
// notification command (this test binary) starting. Reports the median,
// p90 and worst delay in ms over all of them.
func BenchmarkNudgeDelay(b *testing.B) {
	bin := e2e.MustBuild(b)
	n, tick, poll := *figuresN, *figuresTick, *figuresPoll
	var delays []time.Duration
	for range b.N {
		delays = append(delays, nudgeDelays(b, bin, n, tick, poll)...)
	}
	slices.Sort(delays)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	q := func(p float64) time.Duration { return delays[int(p*float64(len(delays)-1)+0.5)] }
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(ms(delays[0]), "min-ms")
	b.ReportMetric(ms(q(0.5)), "median-ms")
	b.ReportMetric(ms(q(0.9)), "p90-ms")
	b.ReportMetric(ms(delays[len(delays)-1]), "worst-ms")
	b.ReportMetric(float64(len(delays)), "nudges")
	b.Logf("%d interviews × %d runs, tick %s, poll %s: %d nudges", n, b.N, tick, poll, len(delays))
}

// nudgeDelays runs one daemon over n interviews and returns the delays.
func nudgeDelays(b *testing.B, bin string, n int, tick, poll time.Duration) []time.Duration {
	b.Helper()
	s := figuresSetup(b, fmt.Sprintf("poll_interval = %q\n", poll),
		fmt.Sprintf("\n[alerts]\ntick = %q\nweekly_review = \"\"\n\n[block]\nmerge_gap = \"0s\"\nconflict = \"overlap\"\n", tick))
	first := time.Now().Add(15 * time.Second)
	const gap = 1370 * time.Millisecond
	ends := map[string]time.Time{}
	for i := range n {
		end := first.Add(time.Duration(i) * gap)
		company := fmt.Sprintf("Company%03d", i)
		s.fake.Put("primary", figuresInterview(end.Add(-time.Second), end, company, "UTC"))
		ends[company] = end
	}
	cmd := figuresDaemon(b, s, bin)
	time.Sleep(time.Until(first.Add(time.Duration(n-1)*gap + 5*tick + 5*time.Second)))
	cmd.Stop(10 * time.Second)
	var delays []time.Duration
	for _, r := range e2e.MustNudges(b, s.record) {
		if len(r.Args) == 0 || !strings.HasSuffix(r.Args[0], " over") {
			continue
		}
		for c, end := range ends {
			if strings.Contains(r.Args[0], c) {
				delays = append(delays, r.At.Sub(end))
				delete(ends, c)
			}
		}
	}
	if len(ends) > 0 {
		b.Fatalf("%d of %d interviews got no nudge", len(ends), n)
	}
	return delays
}

// BenchmarkIdle watches an idle daemon for -figures.for after a warm-up
// (the full sync and the record of the past interview): one calendar (or
// -figures.calendars) with a month of ordinary meetings, polled every
// -figures.poll, at the default tick. Reports VmRSS, VmHWM and RssAnon at
// the end (MiB), CPU seconds per hour over the window, the calendar
// requests per poll per calendar (a poll: the requests within a quarter
// of the poll interval, 5 s at most, of one another) and the mean seconds
// between polls.
func BenchmarkIdle(b *testing.B) {
	bin := e2e.MustBuild(b)
	for range b.N {
		idleFigures(b, bin, *figuresFor, *figuresPoll, *figuresCalendars)
	}
}

func idleFigures(b *testing.B, bin string, d, poll time.Duration, ncal int) {
	b.Helper()
	ids := []string{"primary"}
	for i := 1; i < ncal; i++ {
		ids = append(ids, fmt.Sprintf("team%d@example.com", i))
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = strconv.Quote(id)
	}
	rest := ""
	if !*figuresWeb {
		rest = "\n[web]\nenabled = false\n"
	}
	s := figuresSetup(b, fmt.Sprintf("calendars = [%s]\npoll_interval = %q\n", strings.Join(quoted, ", "), poll), rest)
	for _, id := range ids[1:] {
		s.fake.AddCalendar(id, "UTC")
	}
	everyday(s.fake, time.Now())
	cmd := figuresDaemon(b, s, bin)
	pid := cmd.Cmd.Process.Pid
	time.Sleep(min(poll, 30*time.Second))
	cpu0 := procCPU(b, pid)
	s.fake.ResetRequests()
	t0 := time.Now()
	var rss []string // VmRSS each minute: a benchmark's log keeps 10 lines
	for time.Since(t0) < d {
		time.Sleep(min(time.Minute, d-time.Since(t0)))
		rss = append(rss, fmt.Sprintf("%.1f", mib(procStatus(b, pid)["VmRSS"])))
	}
	elapsed := time.Since(t0)
	cpu := procCPU(b, pid) - cpu0
	m := procStatus(b, pid)

	reqs := s.fake.Requests()
	var lists, polls int
	var last, firstPoll, lastPoll time.Time
	for _, r := range reqs {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/events") {
			lists++
		}
		if last.IsZero() || r.Time.Sub(last) > min(poll/4, 5*time.Second) {
			polls++
			if firstPoll.IsZero() {
				firstPoll = r.Time
			}
			lastPoll = r.Time
		}
		last = r.Time
	}
	if polls == 0 {
		b.Fatalf("no poll in %v", elapsed)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(mib(m["VmRSS"]), "VmRSS-MiB")
	b.ReportMetric(mib(m["VmHWM"]), "VmHWM-MiB")
	b.ReportMetric(mib(m["RssAnon"]), "RssAnon-MiB")
	b.ReportMetric(cpu.Seconds()*float64(time.Hour)/float64(elapsed), "cpu-s/h")
	b.ReportMetric(float64(len(reqs))/float64(polls)/float64(ncal), "requests/poll/calendar")
	if polls > 1 {
		b.ReportMetric(lastPoll.Sub(firstPoll).Seconds()/float64(polls-1), "s/poll")
	}
	b.Logf("window %s: CPU %s; %d polls, %d requests (%d events.list) on %d calendar(s); VmRSS each minute (MiB): %s",
		elapsed.Round(time.Second), cpu, polls, len(reqs), lists, ncal, strings.Join(rss, " "))
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

// everyday fills the primary calendar with a realistic month: meetings
// every working day and a past interview.
func everyday(fake *calendartest.Server, now time.Time) {
	day := now.Truncate(24*time.Hour).AddDate(0, 0, -20)
	for d := range 30 {
		for h, title := range []string{"Team sync", "1:1 with Alex", "Focus time"} {
			s := day.AddDate(0, 0, d).Add(time.Duration(9+2*h) * time.Hour)
			fake.Put("primary", &gcal.Event{
				Summary: title,
				Start:   &gcal.EventDateTime{DateTime: s.Format(time.RFC3339)},
				End:     &gcal.EventDateTime{DateTime: s.Add(30 * time.Minute).Format(time.RFC3339)},
			})
		}
	}
	past := now.Add(-72 * time.Hour)
	fake.Put("primary", figuresInterview(past, past.Add(time.Hour), "Initech", "UTC"))
}

// procCPU returns the user+system CPU time of pid so far.
func procCPU(b *testing.B, pid int) time.Duration {
	b.Helper()
	s, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(s[strings.LastIndexByte(string(s), ')')+2:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		b.Fatal(err)
	}
	const clkTck = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / clkTck
}

// procStatus returns the kB fields of /proc/pid/status.
func procStatus(b *testing.B, pid int) map[string]int64 {
	b.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	m := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		if kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64); err == nil {
			m[k] = kb
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return m
}
