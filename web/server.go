package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/notebook"
)

// Config is what the web app needs from the configuration file.
type Config struct {
	// Listen is the address to serve on, "127.0.0.1:0" by default (port
	// 0: any free port). A host other than loopback is served only when
	// named explicitly as one IP address; every address needs the secret.
	Listen string
	// StateDir holds web-secret and web.json.
	StateDir string
	// Grace bounds the shutdown: requests in flight get this long to
	// finish once Serve's context ends. 0 means 2 s.
	Grace time.Duration
}

// Deps are the collaborators of the handlers. Book is required.
type Deps struct {
	Book *notebook.Book
	// Now is the clock of the pages (what is due, drafts' times); nil
	// means time.Now.
	Now func() time.Time
	// Policy derives the follow-up dates (the [followup] table).
	Policy notebook.Policy
	// Block is the reflection block's length (block.duration), for the
	// stats and the weekly review; 0 means 30 minutes.
	Block time.Duration
	// Local is the person's time zone, which sets the review's week and
	// the today page's day; nil means time.Local.
	Local *time.Location
	// Detection is the daemon's view of the calendar, for the events page
	// and the today page's blocks; nil when no daemon runs (`debrief
	// open` serving in the foreground).
	Detection Detection
	// Correct corrects a record's company or position (the record page's
	// form); nil: the page says to use `debrief set`.
	Correct Corrector
}

// Server is the web app. New builds it, Listen binds its address, Serve
// answers until its context ends. URL is safe for concurrent use.
type Server struct {
	lg     *slog.Logger
	cfg    Config
	deps   Deps
	secret string
	views  *engine
	drafts *drafts
	banks  bankCache // the question bank, built again only when the notebook changed

	mu    sync.Mutex
	ln    net.Listener
	base  string          // "http://127.0.0.1:PORT/" once listening
	hosts map[string]bool // the Host headers accepted, lower case
}

// New builds the web app: it reads the secret from the state directory
// (creating it, mode 0600, on first use) and parses the templates. It does
// not listen yet.
func New(lg *slog.Logger, cfg Config, deps Deps) (*Server, error) {
	if deps.Book == nil {
		return nil, errors.New("web: no notebook")
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Block <= 0 {
		deps.Block = 30 * time.Minute
	}
	if deps.Local == nil {
		deps.Local = time.Local
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 2 * time.Second
	}
	if _, _, err := config.WebListen(cfg.Listen); err != nil {
		return nil, err
	}
	secret, err := loadSecret(lg, cfg.StateDir)
	if err != nil {
		return nil, err
	}
	views, err := newEngine()
	if err != nil {
		return nil, err
	}
	return &Server{
		lg: lg, cfg: cfg, deps: deps, secret: secret, views: views,
		drafts: &drafts{dir: draftDir(cfg.StateDir)},
	}, nil
}

// Listen binds the configured address and writes it, with this process's
// pid, to <state>/web.json for `debrief open`. With port 0 it first tries
// the port web.json names (the one used last time, when it is free), so
// the addresses in notifications and bookmarks outlive a restart.
func (s *Server) Listen() error {
	host, loopback, err := config.WebListen(s.cfg.Listen)
	if err != nil {
		return err
	}
	_, port, _ := net.SplitHostPort(s.cfg.Listen)
	var ln net.Listener
	if port == "0" {
		if last, err := ReadRunning(s.cfg.StateDir); err == nil {
			if u, err := url.Parse(last.URL); err == nil && u.Hostname() == host && u.Port() != "" {
				ln, _ = net.Listen("tcp", net.JoinHostPort(host, u.Port()))
			}
		}
	}
	if ln == nil {
		ln, err = net.Listen("tcp", net.JoinHostPort(host, port))
	}
	if err != nil {
		return fmt.Errorf("web app: listen on %s (change web.listen in the config, or set web.enabled = false): %w", s.cfg.Listen, err)
	}
	if !loopback {
		s.lg.Warn("the web app listens beyond loopback, as web.listen asks; it still needs the secret", "addr", ln.Addr().String())
	}
	p := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	hosts := map[string]bool{net.JoinHostPort(host, p): true}
	if loopback {
		hosts["localhost:"+p] = true
		hosts["127.0.0.1:"+p] = true
		hosts["[::1]:"+p] = true
	}
	base := "http://" + net.JoinHostPort(host, p) + "/"
	if err := writeRunning(s.cfg.StateDir, Running{URL: base, PID: os.Getpid()}); err != nil {
		ln.Close()
		return err
	}
	s.mu.Lock()
	s.ln, s.base, s.hosts = ln, base, hosts
	s.mu.Unlock()
	return nil
}

// Serve answers requests until ctx ends, then lets the requests in flight
// finish within the grace (Config.Grace). It returns nil after a clean
// stop. Listen must have been called. web.json stays: `debrief open` pings
// the address before it uses it, and the next start takes the same port.
func (s *Server) Serve(ctx context.Context) error {
	s.mu.Lock()
	ln, base := s.ln, s.base
	s.mu.Unlock()
	if ln == nil {
		return errors.New("web: Serve before Listen")
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.lg.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// Connections a browser opened ahead of time, with no request yet,
	// would hold Shutdown for the whole grace: they are closed at once.
	var cmu sync.Mutex
	fresh := map[net.Conn]bool{}
	hs.ConnState = func(c net.Conn, st http.ConnState) {
		cmu.Lock()
		defer cmu.Unlock()
		if st == http.StateNew {
			fresh[c] = true
		} else {
			delete(fresh, c)
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.lg.Info("web app listening", "url", base)
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Grace)
		go func() {
			cmu.Lock()
			defer cmu.Unlock()
			for c := range fresh {
				c.Close()
			}
		}()
		if err := hs.Shutdown(sctx); err != nil {
			s.lg.Warn("web app: requests still running after the grace were cut", "grace", s.cfg.Grace)
			hs.Close()
		}
		cancel()
		err = <-errc
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("web app: %w", err)
	}
	return nil
}

// URL returns the full address of path (such as "/reflect/0d4o53pe4q")
// with the secret, for a notification button or `debrief open`; "" before
// Listen. It makes Server a daemon.Pages.
func (s *Server) URL(path string) string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	base := s.base
	s.mu.Unlock()
	if base == "" {
		return ""
	}
	return Link(base, s.secret, path)
}

// Link joins base ("http://127.0.0.1:PORT/"), path and the secret into
// the address a person opens.
func Link(base, secret, path string) string {
	path, query, _ := strings.Cut(strings.TrimPrefix(path, "/"), "?")
	q, _ := url.ParseQuery(query)
	q.Set(tokenParam, secret)
	return base + path + "?" + q.Encode()
}

// allowedHost reports whether a request's Host header names this server.
func (s *Server) allowedHost(host string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hosts[strings.ToLower(host)]
}
