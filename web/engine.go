package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// engine holds the templates: templates/layout.html (the page around
// every page, defining "layout") and the partials whose file names start
// with "_" are shared; every other file is one page, named by its file
// name without ".html", defining "title" and "content". Each page is
// parsed once, when it is first drawn: a daemon whose pages nobody opens
// does not keep them in memory (about 1.2 MB of heap for all of them).
// TestTemplatesParse parses them all, so a broken template fails the
// tests, not a person's first visit.
type engine struct {
	shared []string          // the shared files
	files  map[string]string // page name → its file

	mu    sync.Mutex
	pages map[string]*template.Template // parsed so far
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
	// Partials that take two values get them bundled by these.
	"settle":  func(f followupRow, s settleView) settleRow { return settleRow{f, s} },
	"rows":    func(rows []followupRow, s settleView) rowsView { return rowsView{rows, s} },
	"eventOf": func(e eventRow, back string) eventForm { return eventForm{e, back} },
	"deref":   func(b *bool) bool { return b != nil && *b },
}

func newEngine() (*engine, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	e := &engine{shared: []string{"templates/layout.html"}, files: map[string]string{}, pages: map[string]*template.Template{}}
	for _, n := range names {
		base := path.Base(n)
		switch {
		case base == "layout.html":
		case strings.HasPrefix(base, "_"):
			e.shared = append(e.shared, n)
		default:
			e.files[strings.TrimSuffix(base, ".html")] = n
		}
	}
	return e, nil
}

// page returns the template of the page name, parsing it on first use.
func (e *engine) page(name string) (*template.Template, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.pages[name]; ok {
		return t, nil
	}
	file, ok := e.files[name]
	if !ok {
		return nil, fmt.Errorf("web: no template %q", name)
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, append(slices.Clone(e.shared), file)...)
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	e.pages[name] = t
	return t, nil
}

// render writes the page name around data, whole or not at all: it is
// executed into a buffer first, so a template error never leaves half a
// page.
func (e *engine) render(w io.Writer, name string, data any) error {
	t, err := e.page(name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	_, err = buf.WriteTo(w)
	return err
}
