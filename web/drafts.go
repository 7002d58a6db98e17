package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// draftDir is where the drafts of reflection forms are kept.
func draftDir(stateDir string) string { return filepath.Join(stateDir, "drafts") }

// drafts keeps what a person typed in a form and has not saved yet, one
// file per record (<state>/drafts/<id>.json, mode 0600, written
// atomically), so it survives a closed tab, a browser crash and a restart
// of the daemon. A draft is removed when its form is saved.
type drafts struct {
	dir string
}

// draft is one kept form.
type draft struct {
	Saved  time.Time  `json:"saved"`  // when it was kept
	Values url.Values `json:"values"` // the posted fields, as typed
}

// get returns the draft of id; ok is false when there is none. A draft
// that cannot be read is an error: it is kept as it is, never replaced
// silently.
func (d *drafts) get(id string) (dr draft, ok bool, err error) {
	data, err := os.ReadFile(d.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return draft{}, false, nil
	}
	if err != nil {
		return draft{}, false, fmt.Errorf("read the draft of %s: %w", id, err)
	}
	if err := json.Unmarshal(data, &dr); err != nil {
		return draft{}, false, fmt.Errorf("the draft %s is damaged (move it away to start from the saved record): %w", d.path(id), err)
	}
	return dr, true, nil
}

// put keeps values as the draft of id.
func (d *drafts) put(id string, values url.Values, now time.Time) error {
	data, err := json.Marshal(draft{Saved: now, Values: values})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return fmt.Errorf("keep the draft: %w", err)
	}
	if err := atomicfile.WriteFile(d.path(id), data, 0o600); err != nil {
		return fmt.Errorf("keep the draft: %w", err)
	}
	return nil
}

// remove drops the draft of id; a draft that is not there is no error.
func (d *drafts) remove(id string) error {
	err := os.Remove(d.path(id))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the draft: %w", err)
	}
	return nil
}

// path is the file of id's draft; id is a validated record id.
func (d *drafts) path(id string) string { return filepath.Join(d.dir, id+".json") }
