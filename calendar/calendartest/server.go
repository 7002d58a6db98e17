package calendartest

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PrimaryEmail is the id of the primary calendar; "primary" is an alias for
// it, as on Google.
const PrimaryEmail = "person@example.com"

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	ts      *httptest.Server
	handler http.Handler
	done    chan struct{} // closed by Close: ends injected latencies
	once    sync.Once

	mu     sync.Mutex
	now    func() time.Time
	cals   map[string]*calendar // by canonical id
	seq    int64                // last change number, across calendars
	epoch  int64                // sync tokens of an older epoch are expired
	faults []*Fault
	reqs   []Request

	// testHookLatency, if set before requests arrive, is called when a
	// request starts waiting out an injected latency.
	testHookLatency func()
}

// maxLog bounds the request log of a long-running demo.
const maxLog = 100000

// Request is one entry of the request log.
type Request struct {
	Method string
	Path   string // unescaped, e.g. /calendar/v3/calendars/a@b/events
	Query  url.Values
	Body   []byte    // the request body as received
	Status int       // 0 when no answer was sent (Drop, client gone, Close)
	Time   time.Time // when it ended, by the server's clock (SetClock)
}

// Fault makes matching requests fail. Empty Method and PathContains match
// every request; PathContains is tested against the unescaped path.
type Fault struct {
	Method       string
	PathContains string
	// Status and Reason of the error answer, in Google's JSON shape. Status
	// 0 with Latency only delays the request, which is then served normally.
	Status  int
	Reason  string
	Message string // default: Google's message for Reason
	// RetryAfter sets the Retry-After header, in whole seconds rounded up.
	RetryAfter time.Duration
	// Latency delays the answer; the client cancelling the request or
	// Close ends the wait.
	Latency time.Duration
	// Drop hijacks the connection and closes it without answering. Go's
	// transport silently retries a GET once when a reused connection
	// closes unanswered: with Times 1 a GET succeeds, use 2 or 0 to make
	// it fail.
	Drop bool
	// Times is how many requests the fault hits; 0 means every matching
	// request until ClearFaults.
	Times int
	// Probability in (0, 1) hits a matching request at random; 0 always.
	Probability float64
}

// New starts a fake on 127.0.0.1 with an empty primary calendar in UTC.
// Close it when done.
func New() *Server {
	s := newServer()
	s.ts = httptest.NewServer(s.handler)
	return s
}

func newServer() *Server {
	s := &Server{
		done: make(chan struct{}),
		now:  time.Now,
		cals: map[string]*calendar{},
	}
	s.cals[PrimaryEmail] = newCalendar(PrimaryEmail, "UTC")
	s.handler = http.HandlerFunc(s.serve)
	return s
}

// Endpoint is the base URL to pass to option.WithEndpoint, ending in
// "/calendar/v3/".
func (s *Server) Endpoint() string { return s.ts.URL + "/calendar/v3/" }

// URL is the server's base URL, e.g. http://127.0.0.1:41233.
func (s *Server) URL() string { return s.ts.URL }

// Close ends pending injected latencies and shuts the server down.
func (s *Server) Close() {
	s.once.Do(func() { close(s.done) })
	s.ts.Close()
}

// Handler serves the fake's API; New already serves it.
func (s *Server) Handler() http.Handler { return s.handler }

// SetClock sets the clock used for updated stamps and the recurrence
// horizon. The default is time.Now.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// AddCalendar adds an empty calendar in the IANA zone timeZone ("" is UTC),
// or sets the zone of an existing one ("primary" included).
func (s *Server) AddCalendar(id, timeZone string) {
	if timeZone == "" {
		timeZone = "UTC"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cal(id); c != nil {
		c.timeZone = timeZone
		return
	}
	s.cals[id] = newCalendar(id, timeZone)
}

// cal resolves a calendar id ("primary" included); nil if unknown.
func (s *Server) cal(id string) *calendar {
	if id == "primary" {
		id = PrimaryEmail
	}
	return s.cals[id]
}

// ExpireSyncTokens makes every sync token issued so far answer 410
// fullSyncRequired. Page tokens of incremental syncs expire with them.
func (s *Server) ExpireSyncTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.epoch++
}

// Inject adds a fault. Faults are tried in the order they were added; the
// first that hits answers the request.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Requests returns a copy of the request log, oldest first: the last
// 100,000 requests.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.reqs))
	copy(out, s.reqs)
	return out
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = nil
}

// hit returns a copy of the first fault that hits r, consuming one of its
// Times.
func (s *Server) hit(r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if !strings.Contains(r.URL.Path, f.PathContains) {
			continue
		}
		if f.Probability > 0 && rand.Float64() >= f.Probability {
			continue
		}
		hit := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return hit, true
	}
	return Fault{}, false
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	sw := &statusWriter{ResponseWriter: w}
	logged := false
	record := func() {
		if logged {
			return
		}
		logged = true
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.reqs) >= maxLog {
			s.reqs = slices.Delete(s.reqs, 0, len(s.reqs)-maxLog+1)
		}
		s.reqs = append(s.reqs, Request{
			Method: r.Method,
			Path:   r.URL.Path,
			Query:  r.URL.Query(),
			Body:   body,
			Status: sw.status,
			Time:   s.now(),
		})
	}
	defer record()
	if f, ok := s.hit(r); ok {
		if f.Latency > 0 {
			s.mu.Lock()
			hook := s.testHookLatency
			s.mu.Unlock()
			if hook != nil {
				hook()
			}
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			case <-s.done:
				// Close: abort the connection rather than answer.
				t.Stop()
				panic(http.ErrAbortHandler)
			}
		}
		if f.Drop {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					// Logged before the close: the client sees the
					// drop at once and may read the log next.
					record()
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		if f.Status != 0 {
			if f.RetryAfter > 0 {
				secs := int(math.Ceil(f.RetryAfter.Seconds()))
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			writeError(sw, faultError(f))
			return
		}
	}
	s.route(sw, r)
}

func writeError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(e.Code)
	w.Write(e.body())
}

// writeJSON answers 200 with v, trimmed to the request's fields parameter.
func writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, &apiError{Code: http.StatusInternalServerError, Domain: "global", Reason: "backendError", Message: "Backend Error"})
		return
	}
	writeBody(w, r, b)
}

func writeBody(w http.ResponseWriter, r *http.Request, b []byte) {
	b, e := partial(b, r.URL.Query().Get("fields"))
	if e != nil {
		writeError(w, e)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// route dispatches on the escaped path so that calendar and event ids
// containing "/" or "%" survive.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p, ok := strings.CutPrefix(r.URL.EscapedPath(), "/calendar/v3/")
	if !ok {
		writeError(w, errNotFound())
		return
	}
	var seg []string
	for _, part := range strings.Split(p, "/") {
		u, err := url.PathUnescape(part)
		if err != nil {
			writeError(w, errBadRequest("Bad Request"))
			return
		}
		seg = append(seg, u)
	}
	switch {
	case len(seg) == 1 && seg[0] == "freeBusy" && r.Method == http.MethodPost:
		s.freeBusy(w, r)
	case len(seg) == 3 && seg[0] == "users" && seg[1] == "me" && seg[2] == "calendarList" && r.Method == http.MethodGet:
		s.calendarList(w, r)
	case len(seg) == 3 && seg[0] == "calendars" && seg[2] == "events":
		switch r.Method {
		case http.MethodGet:
			s.list(w, r, seg[1])
		case http.MethodPost:
			s.insert(w, r, seg[1])
		default:
			writeError(w, errNotFound())
		}
	case len(seg) == 4 && seg[0] == "calendars" && seg[2] == "events" && seg[3] != "":
		switch r.Method {
		case http.MethodGet:
			s.get(w, r, seg[1], seg[3])
		case http.MethodPatch:
			s.write(w, r, seg[1], seg[3], true)
		case http.MethodPut:
			s.write(w, r, seg[1], seg[3], false)
		case http.MethodDelete:
			s.delete(w, r, seg[1], seg[3])
		default:
			writeError(w, errNotFound())
		}
	default:
		writeError(w, errNotFound())
	}
}
