package web

import (
	"encoding/base64"
	"net/http"
	"strings"
	"unicode/utf8"
)

// flashCookie carries what an action did to the page it redirects to
// (POST, redirect, GET), which shows it once. A cookie rather than a
// query parameter: a link cannot make the app say something it did not
// do.
const flashCookie = "debrief_flash"

// maxFlash bounds a message: a cookie holds about 4 kB.
const maxFlash = 1000

// flash is a message from the last action: Kind "ok" when it did what was
// asked, "warn" when it did nothing (the class of its notice).
type flash struct{ Text, Kind string }

// setFlash keeps msg, saying what an action did, for the next page this
// browser loads.
func setFlash(w http.ResponseWriter, msg string) { keepFlash(w, "ok", msg) }

// setWarning keeps msg, saying why an action did nothing, for the next
// page this browser loads.
func setWarning(w http.ResponseWriter, msg string) { keepFlash(w, "warn", msg) }

func keepFlash(w http.ResponseWriter, kind, msg string) {
	if len(msg) > maxFlash {
		msg = msg[:maxFlash]
		for !utf8.ValidString(msg) {
			msg = msg[:len(msg)-1]
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name:     flashCookie,
		Value:    kind + "." + base64.RawURLEncoding.EncodeToString([]byte(msg)),
		Path:     "/",
		MaxAge:   60,
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
	})
}

// takeFlash returns the message kept, nil when none, and clears it so a
// reload does not show it again.
func takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	kind, enc, _ := strings.Cut(c.Value, ".")
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !utf8.Valid(b) || (kind != "ok" && kind != "warn") {
		return nil
	}
	return &flash{Text: string(b), Kind: kind}
}
