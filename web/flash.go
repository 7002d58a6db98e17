package web

import (
	"encoding/base64"
	"net/http"
	"unicode/utf8"
)

// flashCookie carries what an action did to the page it redirects to
// (POST, redirect, GET), which shows it once. A cookie rather than a
// query parameter: a link cannot make the app say something it did not
// do.
const flashCookie = "debrief_flash"

// maxFlash bounds a message: a cookie holds about 4 kB.
const maxFlash = 1000

// setFlash keeps msg for the next page this browser loads.
func setFlash(w http.ResponseWriter, msg string) {
	if len(msg) > maxFlash {
		msg = msg[:maxFlash]
		for !utf8.ValidString(msg) {
			msg = msg[:len(msg)-1]
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name:     flashCookie,
		Value:    base64.RawURLEncoding.EncodeToString([]byte(msg)),
		Path:     "/",
		MaxAge:   60,
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
	})
}

// takeFlash returns the message setFlash kept, "" when none, and clears
// it so a reload does not show it again.
func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || !utf8.Valid(b) {
		return ""
	}
	return string(b)
}
