package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded file with its content hash, so its address changes
// when its content does and browsers may cache it for good.
type asset struct {
	data []byte
	hash string
	typ  string
}

var assets = func() map[string]asset {
	m := map[string]asset{}
	ents, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range ents {
		data, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		typ := mime.TypeByExtension(path.Ext(e.Name()))
		if strings.HasPrefix(typ, "text/") && !strings.Contains(typ, "charset") {
			typ += "; charset=utf-8"
		}
		m[e.Name()] = asset{data: data, hash: hex.EncodeToString(sum[:8]), typ: typ}
	}
	return m
}()

// staticURL is the template function "static": the address of an
// embedded file, with its hash.
func staticURL(name string) (template.URL, error) {
	a, ok := assets[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return template.URL("/static/" + name + "?v=" + a.hash), nil
}

// static serves the embedded assets: cached for good when asked for by
// their current hash, revalidated otherwise.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.typ)
	if r.URL.Query().Get("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+a.hash+`"`)
	if r.Header.Get("If-None-Match") == `"`+a.hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(a.data)
}
