// Command idlemeasure measures the figures of the debrief daemon that need
// real time: its resident memory and CPU while idle, the calendar requests
// of an idle poll, and the delay from an interview's end to its nudge. It
// runs the built binary, as a person would, against the in-process fake
// calendar of calendar/calendartest over loopback HTTP.
//
// Usage:
//
//	go build -o /tmp/debrief ./cmd/debrief
//	go run ./tools/idlemeasure -bin /tmp/debrief -mode idle -for 10m
//	go run ./tools/idlemeasure -bin /tmp/debrief -mode delay -n 100
//
// It is a development tool: like the tests, it may use calendartest.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar/calendartest"
)

// recordEnv makes this program, run by the daemon as its notification
// command, append the time and its arguments to the named file.
const recordEnv = "IDLEMEASURE_RECORD"

type record struct {
	At   time.Time `json:"at"`
	Args []string  `json:"args"`
}

func main() {
	if path := os.Getenv(recordEnv); path != "" {
		if err := appendRecord(path, record{At: time.Now(), Args: os.Args[1:]}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	bin := flag.String("bin", "", "the built debrief binary (required)")
	mode := flag.String("mode", "idle", `"idle": memory, CPU and requests of an idle daemon; "delay": end-to-nudge delays`)
	dur := flag.Duration("for", 10*time.Minute, "idle: how long to watch the idle daemon")
	poll := flag.Duration("poll", time.Minute, "calendar.poll_interval")
	n := flag.Int("n", 100, "delay: how many interviews")
	cals := flag.Int("calendars", 1, "idle: how many calendars to watch")
	tick := flag.Duration("tick", 30*time.Second, "delay: alerts.tick (idle runs at the default, 30s)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "idlemeasure: -bin is required: go build -o /tmp/debrief ./cmd/debrief first")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch *mode {
	case "idle":
		err = idle(ctx, *bin, *dur, *poll, *cals)
	case "delay":
		err = delay(ctx, *bin, *n, *tick, *poll)
	default:
		err = fmt.Errorf("unknown -mode %q: use idle or delay", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "idlemeasure:", err)
		os.Exit(1)
	}
}

func appendRecord(path string, r record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// setup is a temp dir with a config for the fake and the daemon process.
type setup struct {
	dir, config, record string
	cmd                 *exec.Cmd
}

func newSetup(fake *calendartest.Server, extra string) (*setup, error) {
	dir, err := os.MkdirTemp("", "idlemeasure-")
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	s := &setup{dir: dir, config: filepath.Join(dir, "config.toml"), record: filepath.Join(dir, "notifications.jsonl")}
	if !strings.Contains(extra, "calendars =") {
		extra = "calendars = [\"primary\"]\n" + extra
	}
	c := fmt.Sprintf(`[calendar]
auth = "none"
endpoint = %q
%s
[notify]
backend = "command"
command = [%q, "{title}", "{body}"]

[notebook]
dir = %q

[state]
dir = %q
`, fake.Endpoint(), extra, self, filepath.Join(dir, "notebook"), filepath.Join(dir, "state"))
	return s, os.WriteFile(s.config, []byte(c), 0o600)
}

func (s *setup) start(bin string) error {
	s.cmd = exec.Command(bin, "--config", s.config, "daemon")
	s.cmd.Env = []string{
		"HOME=" + s.dir, "XDG_RUNTIME_DIR=" + s.dir, "PATH=" + os.Getenv("PATH"),
		recordEnv + "=" + s.record, "DEBRIEF_LOG=" + os.Getenv("DEBRIEF_LOG"),
	}
	s.cmd.Stderr = os.Stderr
	return s.cmd.Start()
}

func (s *setup) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		s.cmd.Wait()
	}
	os.RemoveAll(s.dir)
}

// cpu returns the user+system CPU time of pid so far.
func cpu(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	const clkTck = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / clkTck, nil
}

// memory returns VmRSS and VmHWM of pid in KiB.
func memory(pid int) (rss, hwm int64, err error) {
	m, err := status(pid)
	return m["VmRSS"], m["VmHWM"], err
}

// status returns the kB fields of /proc/pid/status.
func status(pid int) (map[string]int64, error) {
	m := map[string]int64{}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		if kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64); err == nil {
			m[k] = kb
		}
	}
	return m, sc.Err()
}

// everyday fills the primary calendar with a realistic month: meetings
// every working day and a past interview with its block's worth of data.
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
	fake.Put("primary", interview(past, past.Add(time.Hour), "Initech", "UTC"))
}

func interview(start, end time.Time, company, zone string) *gcal.Event {
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

// idle watches an idle daemon for d.
func idle(ctx context.Context, bin string, d, poll time.Duration, ncal int) error {
	fake := calendartest.New()
	defer fake.Close()
	everyday(fake, time.Now())
	ids := []string{"primary"}
	for i := 1; i < ncal; i++ {
		id := fmt.Sprintf("team%d@example.com", i)
		fake.AddCalendar(id, "UTC")
		ids = append(ids, id)
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = strconv.Quote(id)
	}
	s, err := newSetup(fake, fmt.Sprintf("calendars = [%s]\npoll_interval = %q\n", strings.Join(quoted, ", "), poll.String()))
	if err != nil {
		return err
	}
	defer s.stop()
	if err := s.start(bin); err != nil {
		return err
	}
	pid := s.cmd.Process.Pid
	// Let the start-up (full sync, notebook record of the past interview)
	// finish before the idle window opens.
	warm := min(poll, 30*time.Second)
	if err := sleep(ctx, warm); err != nil {
		return err
	}
	cpu0, err := cpu(pid)
	if err != nil {
		return err
	}
	fake.ResetRequests()
	t0 := time.Now()
	fmt.Printf("idle daemon pid %d, %d calendar(s), poll %s, tick 30s; watching for %s\n", pid, ncal, poll, d)
	var rssMax int64
	for time.Since(t0) < d {
		if err := sleep(ctx, min(time.Minute, d-time.Since(t0))); err != nil {
			return err
		}
		rss, hwm, err := memory(pid)
		if err != nil {
			return err
		}
		rssMax = max(rssMax, rss)
		fmt.Printf("  %5s  VmRSS %5.1f MiB  VmHWM %5.1f MiB\n", time.Since(t0).Round(time.Second), float64(rss)/1024, float64(hwm)/1024)
	}
	elapsed := time.Since(t0)
	cpu1, err := cpu(pid)
	if err != nil {
		return err
	}
	rss, hwm, err := memory(pid)
	if err != nil {
		return err
	}
	if m, err := status(pid); err == nil {
		fmt.Printf("VmRSS %.1f MiB = RssAnon %.1f MiB (heap, stacks, runtime) + RssFile %.1f MiB (pages of the binary and libraries)\n",
			float64(m["VmRSS"])/1024, float64(m["RssAnon"])/1024, float64(m["RssFile"])/1024)
	}
	reqs := fake.Requests()
	var lists, other int
	for _, r := range reqs {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/events") {
			lists++
		} else {
			other++
		}
	}
	fmt.Printf("window %s: CPU %s = %.2f s per hour; VmRSS %.1f MiB (max %.1f), VmHWM %.1f MiB\n",
		elapsed.Round(time.Second), cpu1-cpu0, (cpu1-cpu0).Seconds()*float64(time.Hour)/float64(elapsed),
		float64(rss)/1024, float64(rssMax)/1024, float64(hwm)/1024)
	perCal := map[string]int{}
	for _, r := range reqs {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/events") {
			perCal[strings.TrimSuffix(strings.TrimPrefix(r.Path, "/calendar/v3/calendars/"), "/events")]++
		}
	}
	fmt.Printf("requests: %d events.list, %d other, by calendar %v; a poll every %s on average\n",
		lists, other, perCal, (elapsed * time.Duration(ncal) / time.Duration(max(lists, 1))).Round(time.Second))
	return nil
}

// delay puts n interviews ending one after another and measures, for each,
// the time from its end to its nudge (the notification command running).
func delay(ctx context.Context, bin string, n int, tick, poll time.Duration) error {
	fake := calendartest.New()
	defer fake.Close()
	s, err := newSetup(fake, fmt.Sprintf("poll_interval = %q\n[alerts]\ntick = %q\n[block]\nmerge_gap = \"0s\"\nconflict = \"overlap\"\n", poll.String(), tick.String()))
	if err != nil {
		return err
	}
	defer s.stop()
	// Ends 1.37 s apart, so they fall at every phase of the tick; each
	// interview lasts 1 s, so none overlap and none share a block.
	first := time.Now().Add(15 * time.Second)
	const gap = 1370 * time.Millisecond
	ends := map[string]time.Time{}
	for i := range n {
		end := first.Add(time.Duration(i) * gap)
		company := fmt.Sprintf("Company%03d", i)
		fake.Put("primary", interview(end.Add(-time.Second), end, company, "UTC"))
		ends[company] = end
	}
	if err := s.start(bin); err != nil {
		return err
	}
	last := first.Add(time.Duration(n-1)*gap + 5*tick + 5*time.Second)
	fmt.Printf("%d interviews ending %s apart from %s; tick %s, poll %s\n", n, gap, first.Format("15:04:05"), tick, poll)
	if err := sleep(ctx, time.Until(last)); err != nil {
		return err
	}
	b, err := os.ReadFile(s.record)
	if err != nil {
		return err
	}
	var delays []time.Duration
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return err
		}
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
	if len(delays) == 0 {
		return errors.New("no nudge was recorded")
	}
	slices.Sort(delays)
	fmt.Printf("nudges: %d of %d; delay from end to nudge: min %s, median %s, p90 %s, worst %s\n",
		len(delays), n, delays[0].Round(time.Millisecond), delays[len(delays)/2].Round(time.Millisecond),
		delays[len(delays)*9/10].Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond))
	if len(ends) > 0 {
		fmt.Printf("missing nudges: %d; notifications recorded:\n%s", len(ends), b)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
