package reliability

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/e2e"
	"github.com/debrief-dev/debrief/notebook"
)

// bin is the debrief binary built by TestMain.
var bin string

func TestMain(m *testing.M) {
	e2e.RecordIfAsked() // the daemons' notification command
	flag.Parse()
	dir, err := os.MkdirTemp("", "debrief-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Built without -race: the daemon under test runs at its real speed;
	// the test code itself runs under -race in CI.
	bin, err = e2e.Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// nudge is one notification the daemon delivered through the command
// backend.
type nudge = e2e.Nudge

// rig is one daemon's world: a fake calendar, a config, a notebook, a state
// directory, the nudge file and the daemon's log.
type rig struct {
	t        *testing.T
	fake     *calendartest.Server
	other    *calendartest.Server // the second source's calendar; nil with one source
	endpoint string
	dir      string
	config   string
	notebook string
	state    string
	nudges   string
	log      string
	home     string
	extraEnv []string
}

// rigConfig is the configuration of the tests' daemons: 5 s polling, a 2 s
// request timeout, 1 s ticks, no briefings; merge_gap 1s and conflict
// "overlap" so that every interview gets its own block right at its end
// (the tests' interviews are laid out not to touch).
const rigConfig = `[calendar]
calendars = ["primary"]
poll_interval = "5s"
auth = "none"
endpoint = %q
max_attempts = 3
request_timeout = "2s"

[block]
merge_gap = "1s"
conflict = "overlap"

[alerts]
tick = "1s"
briefing = "0s"

%s%s`

func newRig(t *testing.T) *rig {
	t.Helper()
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	dir := t.TempDir()
	r := &rig{
		t: t, fake: fake, endpoint: fake.Endpoint(), dir: dir,
		config:   filepath.Join(dir, "config.toml"),
		notebook: filepath.Join(dir, "notebook"),
		state:    filepath.Join(dir, "state"),
		nudges:   filepath.Join(dir, "nudges.jsonl"),
		log:      filepath.Join(dir, "daemon.log"),
		home:     filepath.Join(dir, "home"),
	}
	r.writeConfig("")
	return r
}

// writeConfig writes the config with extra TOML appended.
func (r *rig) writeConfig(extra string) {
	r.t.Helper()
	c := fmt.Sprintf(rigConfig, r.endpoint, e2e.Sections(r.t, r.notebook, r.state), extra)
	if err := os.WriteFile(r.config, []byte(c), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// env is the daemon's environment: nothing of the person's.
func (r *rig) env() []string {
	return e2e.Env(r.home, r.nudges, r.extraEnv...)
}

// proc is a running daemon.
type proc = e2e.Proc

// start starts `debrief daemon` with its output appended to r.log.
func (r *rig) start(extraEnv ...string) *proc {
	r.t.Helper()
	return e2e.Start(r.t, bin, append(r.env(), extraEnv...), r.log, "--config", r.config, "daemon")
}

// startReady starts `debrief daemon` and waits until it logged that it
// started (its signal handlers are installed by then), at most 20 s.
func (r *rig) startReady(extraEnv ...string) *proc {
	r.t.Helper()
	n := strings.Count(r.logText(), "msg=\"daemon started\"")
	p := r.start(extraEnv...)
	if !e2e.WaitFor(20*time.Second, func() bool { return strings.Count(r.logText(), "msg=\"daemon started\"") > n || p.Exited() }) || p.Exited() {
		err := error(nil)
		if p.Exited() {
			err = p.Err()
		}
		r.t.Fatalf("daemon did not start: %v\nlog tail:\n%s", err, r.logTail(20))
	}
	return p
}

// stop sends SIGTERM and waits; the daemon must exit with status 0 within
// 10 s.
func (r *rig) stop(p *proc) {
	r.t.Helper()
	if err := p.Stop(10 * time.Second); err != nil {
		r.t.Errorf("daemon after SIGTERM: %v, want exit status 0\nlog tail:\n%s", err, r.logTail(40))
	}
}

// run runs the binary with args and returns its combined output and exit
// status.
func (r *rig) run(extraEnv []string, args ...string) (string, int) {
	r.t.Helper()
	return e2e.Run(r.t, bin, append(r.env(), extraEnv...), append([]string{"--config", r.config}, args...)...)
}

func (r *rig) logText() string {
	b, err := os.ReadFile(r.log)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.t.Fatal(err)
	}
	return string(b)
}

func (r *rig) logTail(n int) string {
	lines := strings.Split(strings.TrimRight(r.logText(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// readNudges reads the nudges recorded so far.
func (r *rig) readNudges() []nudge {
	r.t.Helper()
	return e2e.MustNudges(r.t, r.nudges)
}

var reflectRe = regexp.MustCompile(`debrief reflect ([0-9a-z]+)`)

// endedNudges counts the "interview over" nudges by record id.
func endedNudges(ns []nudge) map[string]int {
	out := map[string]int{}
	for _, n := range ns {
		if len(n.Args) != 2 || !strings.HasPrefix(n.Args[0], "Interview") || !strings.HasSuffix(n.Args[0], " over") {
			continue
		}
		for _, m := range reflectRe.FindAllStringSubmatch(n.Args[1], -1) {
			out[m[1]]++
		}
	}
	return out
}

// nudgeKinds counts nudges by a coarse kind taken from the title.
func nudgeKinds(ns []nudge) map[string]int {
	out := map[string]int{}
	for _, n := range ns {
		k := "other"
		if len(n.Args) > 0 {
			switch t := n.Args[0]; {
			case strings.HasPrefix(t, "Interview") && strings.HasSuffix(t, " over"):
				k = "ended"
			case strings.HasPrefix(t, "debrief: reflection block"):
				k = "block-note"
			case strings.HasPrefix(t, "debrief:"):
				k = "problem"
			}
		}
		out[k]++
	}
	return out
}

// interview is the test's own model of one interview in the fake.
type interview struct {
	id, company string
	start, end  time.Time
	tz          string
	state       string // "live", "cancelled", "declined"
	// other: the interview is on the second source's calendar
	// ("other/primary", the rig's other fake) rather than on "primary".
	other bool
}

// calID is the calendar id of the interview as debrief names it.
func (iv *interview) calID() string {
	if iv.other {
		return otherCalendar
	}
	return "primary"
}

func (iv *interview) recordID() string { return notebook.RecordID(iv.calID(), iv.id) }
func (iv *interview) blockID() string  { return calendar.BlockID(iv.calID(), iv.id) }

// otherCalendar is the calendar of the second source of a two-source rig.
const otherCalendar = "other/primary"

// addSource gives r a second Google source, "other", on a fake of its
// own; blocks still go to "primary".
func (r *rig) addSource() {
	r.t.Helper()
	r.other = calendartest.New()
	r.t.Cleanup(r.other.Close)
	r.writeConfig(fmt.Sprintf("\n[[sources]]\nname = \"other\"\nkind = \"google\"\nauth = \"none\"\nendpoint = %q\n", r.other.Endpoint()))
}

// fakeOf is the fake holding iv.
func (r *rig) fakeOf(iv *interview) *calendartest.Server {
	if iv.other {
		return r.other
	}
	return r.fake
}

// put writes iv into its calendar, as the person's calendar app would.
func (r *rig) put(iv *interview) { r.fakeOf(iv).Put("primary", iv.event()) }

// remove deletes iv from its calendar.
func (r *rig) remove(iv *interview) { r.fakeOf(iv).Remove("primary", iv.id) }

// event is the interview as the person's calendar holds it.
func (iv *interview) event() *gcal.Event {
	loc, err := time.LoadLocation(iv.tz)
	if err != nil {
		panic(err)
	}
	domain := strings.ToLower(strings.ReplaceAll(iv.company, " ", "")) + ".example"
	self := "accepted"
	if iv.state == "declined" {
		self = "declined"
	}
	return &gcal.Event{
		Id:          iv.id,
		Summary:     "Technical interview – " + iv.company + " – Backend Engineer",
		Description: "Technical interview for the Backend Engineer role.",
		Start:       &gcal.EventDateTime{DateTime: iv.start.In(loc).Format(time.RFC3339), TimeZone: iv.tz},
		End:         &gcal.EventDateTime{DateTime: iv.end.In(loc).Format(time.RFC3339), TimeZone: iv.tz},
		HangoutLink: "https://meet.google.com/abc-defg-hij",
		Organizer:   &gcal.EventOrganizer{Email: "recruiter@" + domain, DisplayName: "Sam Lee"},
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: self},
			{Email: "recruiter@" + domain, DisplayName: "Sam Lee", Organizer: true, ResponseStatus: "accepted"},
			{Email: "jane.doe@" + domain, DisplayName: "Jane Doe", ResponseStatus: "accepted"},
		},
	}
}

// companies are distinct names, so no interview recalls another's.
var companies = []string{
	"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
	"Soylent", "Wonka", "Gringotts", "Oscorp", "Aperture", "Blackmesa", "Monarch", "Dunder", "Prestige", "Sterling",
	"Pied", "Massive", "Nakatomi", "Weyland", "Virtucon", "Gekko", "Duff", "Krusty", "Zorg", "Omni",
	"Buynlarge", "Octan", "Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware", "Adatum", "Proseware", "Wingtip",
	"Lucerne", "Fourth", "Coho", "Margie", "Trey", "Humongous", "Alpine", "Woodgrove", "Bellows", "Fintech",
}

func companyName(i int) string {
	base := companies[i%len(companies)]
	if i >= len(companies) {
		base += " " + strconv.Itoa(i/len(companies))
	}
	return base + " Corp"
}

// zones are the interviews' time zones, odd offsets included.
var zones = []string{"Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Adelaide", "Pacific/Kiritimati", "America/St_Johns", "UTC"}

// blocks is what blockCheck found.
type blocks struct {
	problems  []string // missing, extra or duplicate blocks
	misplaced []string // a block at another time or zone than its interview's end
	dups      int      // blocks beyond the first of one interview
}

func (b blocks) ok() bool { return len(b.problems) == 0 && len(b.misplaced) == 0 }

// blockCheck compares the fake's blocks with the model: every live
// interview has exactly one block, from its end for 30 minutes, in its
// zone; no other interview has any; no block exists twice.
func blockCheck(fake *calendartest.Server, ivs []*interview) (res blocks) {
	byInterview := map[string][]*gcal.Event{}
	for _, e := range fake.Events("primary") {
		if e.ExtendedProperties == nil || e.ExtendedProperties.Private[calendar.PropKind] != calendar.PropKindBlock {
			continue
		}
		k := e.ExtendedProperties.Private[calendar.PropInterview]
		byInterview[k] = append(byInterview[k], e)
	}
	model := map[string]bool{}
	for _, iv := range ivs {
		model[iv.id] = true
		bs := byInterview[iv.id]
		if len(bs) > 1 {
			res.dups += len(bs) - 1
			res.problems = append(res.problems, fmt.Sprintf("interview %s (%s) has %d blocks", iv.id, iv.state, len(bs)))
		}
		if iv.state != "live" {
			if len(bs) > 0 {
				res.problems = append(res.problems, fmt.Sprintf("interview %s is %s but has a block", iv.id, iv.state))
			}
			continue
		}
		if len(bs) == 0 {
			res.problems = append(res.problems, fmt.Sprintf("live interview %s (ends %s) has no block", iv.id, iv.end.Format(time.RFC3339)))
			continue
		}
		b := bs[0]
		s, err1 := time.Parse(time.RFC3339, b.Start.DateTime)
		e, err2 := time.Parse(time.RFC3339, b.End.DateTime)
		if err1 != nil || err2 != nil || !s.Equal(iv.end) || !e.Equal(iv.end.Add(30*time.Minute)) || b.Start.TimeZone != iv.tz || b.Id != iv.blockID() {
			res.misplaced = append(res.misplaced, fmt.Sprintf("block of %s is %s %s–%s %s, want %s %s–%s %s", iv.id, b.Id, b.Start.DateTime, b.End.DateTime, b.Start.TimeZone,
				iv.blockID(), iv.end.Format(time.RFC3339), iv.end.Add(30*time.Minute).Format(time.RFC3339), iv.tz))
		}
	}
	for k, bs := range byInterview {
		if !model[k] {
			res.problems = append(res.problems, fmt.Sprintf("%d block(s) for unknown interview %q", len(bs), k))
		}
	}
	return res
}

// nudgeCheck compares the ended nudges with the model at now: exactly one
// for each live interview that ended (at least one with atLeast), none for
// the others. It returns the problems and how many interviews got more
// than one.
func nudgeCheck(ns []nudge, ivs []*interview, now time.Time, atLeast bool) (problems []string, ended, twice int) {
	return nudgeCheckBetween(ns, ivs, now, now, atLeast)
}

// nudgeCheckBetween is nudgeCheck for a daemon last seen caught up at
// from and stopped at to: an interview that ended in (from, to] may have
// been nudged before the stop or not, so it may have no nudge or one
// (more with atLeast); it counts as ended when it has one.
func nudgeCheckBetween(ns []nudge, ivs []*interview, from, to time.Time, atLeast bool) (problems []string, ended, twice int) {
	got := endedNudges(ns)
	for _, iv := range ivs {
		n := got[iv.recordID()]
		want := 0
		switch {
		case iv.state != "live" || iv.end.After(to):
		case !iv.end.After(from):
			want = 1
			ended++
		case n > 0: // ended while the daemon was stopping, and was nudged
			want = 1
			ended++
		}
		if n > 1 {
			twice++
		}
		switch {
		case want == 0 && n > 0:
			problems = append(problems, fmt.Sprintf("interview %s (%s, ends %s) was nudged %d times, want none", iv.id, iv.state, iv.end.Format(time.RFC3339), n))
		case want == 1 && n == 0:
			problems = append(problems, fmt.Sprintf("interview %s ended %s and was never nudged", iv.id, iv.end.Format(time.RFC3339)))
		case want == 1 && n > 1 && !atLeast:
			problems = append(problems, fmt.Sprintf("interview %s was nudged %d times, want once", iv.id, n))
		}
	}
	return problems, ended, twice
}

// notebookCheck reads every record file on its own (a torn or corrupt one
// fails to decode), then through the notebook, and checks that every
// live interview has its record, following its last time. Cancelled and
// declined interviews may or may not have one (the daemon may never have
// seen them live). It returns the problems found.
func notebookCheck(dir string, ivs []*interview) (problems []string, files int) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return []string{err.Error()}, 0
	}
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".tmp-") {
			problems = append(problems, "temp file left: "+name)
			continue
		}
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		files++
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if !json.Valid(b) {
			problems = append(problems, fmt.Sprintf("%s is not valid JSON (%d bytes)", name, len(b)))
		}
	}
	book, err := notebook.Open(slog.New(slog.NewTextHandler(io.Discard, nil)), dir)
	if err != nil {
		return append(problems, err.Error()), files
	}
	recs, err := book.List()
	if err != nil {
		problems = append(problems, "notebook list: "+err.Error())
	}
	byID := map[string]*notebook.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	for _, iv := range ivs {
		if iv.state != "live" {
			continue // a record if the daemon saw it as an interview: either is right
		}
		r := byID[iv.recordID()]
		if r == nil {
			problems = append(problems, fmt.Sprintf("no record of live interview %s", iv.id))
			continue
		}
		if r.Source == nil || !r.Source.Start.Equal(iv.start) || !r.Source.End.Equal(iv.end) {
			problems = append(problems, fmt.Sprintf("record of %s does not follow its interview's time %s–%s", iv.id, iv.start.Format(time.RFC3339), iv.end.Format(time.RFC3339)))
		}
	}
	return problems, files
}

// modeCheck walks dirs: files must be 0600 and directories 0700.
func modeCheck(dirs ...string) (problems []string, n int) {
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, err.Error())
				return nil
			}
			fi, err := e.Info()
			if err != nil {
				return nil
			}
			n++
			want := fs.FileMode(0o600)
			if fi.IsDir() {
				want = 0o700
			}
			if fi.Mode().Perm() != want {
				problems = append(problems, fmt.Sprintf("%s has mode %04o, want %04o", p, fi.Mode().Perm(), want))
			}
			return nil
		})
	}
	return problems, n
}

// rssKB reads a process's resident set size from /proc.
func rssKB(pid int) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return -1
}

// refused reports whether nothing accepts connections at addr.
func refused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		c.Close()
		return false
	}
	return true
}
