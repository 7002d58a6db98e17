package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// engine holds the templates, parsed once at start: templates/layout.html
// (the page around every page, defining "layout") and the partials whose
// file names start with "_" are shared; every other file is one page,
// named by its file name without ".html", defining "title" and "content".
type engine struct {
	pages map[string]*template.Template
}

// funcs are the helpers templates may call.
var funcs = template.FuncMap{
	"date":     func(t time.Time) string { return t.Format("Mon 2 Jan 2006") },
	"datetime": func(t time.Time) string { return t.Format("Mon 2 Jan 2006, 15:04") },
	"clock":    func(t time.Time) string { return t.Format("15:04") },
	"join":     strings.Join,
	"lower":    strings.ToLower,
	"inc":      func(i int) int { return i + 1 },
	"static":   staticURL,
}

func newEngine() (*engine, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	shared := []string{"templates/layout.html"}
	var pages []string
	for _, n := range names {
		base := path.Base(n)
		switch {
		case base == "layout.html":
		case strings.HasPrefix(base, "_"):
			shared = append(shared, n)
		default:
			pages = append(pages, n)
		}
	}
	root, err := template.New("").Funcs(funcs).ParseFS(templateFS, shared...)
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	e := &engine{pages: map[string]*template.Template{}}
	for _, p := range pages {
		t, err := template.Must(root.Clone()).ParseFS(templateFS, p)
		if err != nil {
			return nil, fmt.Errorf("web templates: %w", err)
		}
		e.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return e, nil
}

// render writes the page name around data, whole or not at all: it is
// executed into a buffer first, so a template error never leaves half a
// page.
func (e *engine) render(w io.Writer, name string, data any) error {
	t, ok := e.pages[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}
