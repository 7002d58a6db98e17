package web

import (
	"net/http"
	"net/url"
	"strings"
)

// The layers every request goes through, outermost first (Handler):
//
//  1. headers: a strict Content-Security-Policy (no inline script or style,
//     nothing from elsewhere), no framing, no referrer, no caching of
//     personal pages;
//  2. the Host check: only the addresses this server listens on
//     (127.0.0.1:PORT, localhost:PORT, [::1]:PORT), which defeats DNS
//     rebinding: a hostile site whose name rebinds to 127.0.0.1 sends its
//     own name as Host;
//  3. cross-origin protection (http.CrossOriginProtection, on
//     Sec-Fetch-Site and Origin) on every state-changing request, against
//     cross-site form posts;
//  4. the secret: the first visit carries ?token=SECRET, which sets an
//     HttpOnly, SameSite=Strict cookie and redirects to the same address
//     without it; every later request needs the cookie. This keeps out the
//     other users of the machine, who can reach loopback too.
//
// /ping and /static/ need only the Host check: they hold nothing personal.

const (
	tokenParam = "token"
	cookieName = "debrief_session"
	pingPath   = "/ping"
	pingAnswer = "debrief web app\n"

	// csp allows scripts, styles and images from this server only; no
	// inline script, no inline style, no plugins, no framing; forms post
	// here only.
	csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

	// maxBody bounds a posted form: the longest reflection is far below.
	maxBody = 2 << 20
)

// Handler is the whole app with its security layers, for Serve and tests.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.lg.Warn("web app refused a cross-site request", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
		s.errorPage(w, r, http.StatusForbidden, "Refused: this request came from another site",
			"debrief only accepts changes made on its own pages. If you clicked a button on one of them, reload the page and try again.")
	}))
	return s.headers(s.hostCheck(cop.Handler(s.auth(mux))))
}

// headers sets the response headers every answer carries.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// hostCheck refuses a Host header other than this server's addresses.
// The answer is plain text: a rebinding page learns nothing from it.
func (s *Server) hostCheck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowedHost(r.Host) {
			s.lg.Warn("web app refused a request for another host (DNS rebinding?)", "host", r.Host, "path", r.URL.Path)
			http.Error(w, "debrief: this address is not the web app's. Open the address `debrief open --print-url` prints.", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// auth lets through requests that carry the secret's cookie. A request
// carrying the secret in ?token= gets the cookie and is redirected to the
// same address without the token, so the secret does not stay in the
// address bar or the history.
func (s *Server) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pingPath || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		q := r.URL.Query()
		if q.Has(tokenParam) {
			if !sameSecret(q.Get(tokenParam), s.secret) {
				s.lg.Warn("web app refused a wrong secret", "path", r.URL.Path)
				s.errorPage(w, r, http.StatusForbidden, "This address's key is wrong or out of date",
					"Open the app with `debrief open` (or click the notification again): it gives the current address.")
				return
			}
			http.SetCookie(w, &http.Cookie{
				Name:     cookieName,
				Value:    s.secret,
				Path:     "/",
				MaxAge:   30 * 24 * 3600,
				HttpOnly: true,
				SameSite: http.SameSiteStrictMode,
			})
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			q.Del(tokenParam)
			u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
			http.Redirect(w, r, u.String(), http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie(cookieName); err == nil && sameSecret(c.Value, s.secret) {
			next.ServeHTTP(w, r)
			return
		}
		s.errorPage(w, r, http.StatusForbidden, "This page needs the address with its key",
			"Open the app with `debrief open` (or click the notification again). The key keeps other users of this computer out of your notebook.")
	})
}
