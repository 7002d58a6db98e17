// Package web is debrief's local web app: the pages a person reaches from a
// notification or `debrief open`, served by the daemon on loopback. It owns
// the handlers, the templates and assets embedded in the binary, the
// per-install secret and the checks that keep the app to this person on
// this machine (see middleware.go). It holds no record or detection logic:
// handlers call notebook and insight.
//
// Layout, after miniflux: routes.go lists every route; each page or action
// is one small file (reflect_page.go, reflect_save.go, …) whose handler
// reads the request, calls the notebook, and renders a template from
// templates/ with render, or an error page with fail; web/form decodes and
// validates posted forms.
//
// Adding a page: a handler method on *Server in its own file, one line for
// it in routes.go, and templates/NAME.html defining "title" and "content"
// (the layout draws the navigation, listed in page.go's nav, around it; the
// handler's data is .Data). Handlers use s.recordID for an {id} in the
// path, s.render(w, r, 0, "NAME", data) to answer, s.fail(w, r, err) or
// s.errorPage for errors (each says what happened and what to do), and
// redirect after a POST. Nothing inline: scripts and styles go in static/
// (the Content-Security-Policy refuses inline ones), and every page must
// work without JavaScript.
//
// It must not hold record, detection or question-bank logic of its own.
package web
