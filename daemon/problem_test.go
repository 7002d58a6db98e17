package daemon

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/debrief-dev/debrief/calendar"
)

// TestProblemScope: a problem of one source is told once and forgotten
// only when that source works again, not when another one does.
func TestProblemScope(t *testing.T) {
	tests := []struct {
		name      string
		failing   string // the calendar whose sync failed
		err       error
		body      string // part of what the person is told
		stays     []string
		resolveBy string
	}{
		{"source-offline", "home/primary", calendar.ErrUnavailable, `Calendar source "home" cannot be reached`, []string{"work/primary", "primary"}, "home/team"},
		{"source-not-signed-in", "work/primary", calendar.ErrNotSignedIn, "not signed in yet: run `debrief auth --source work`", []string{"home/primary", "primary"}, "work/primary"},
		{"calendar-table-offline", "primary", calendar.ErrUnavailable, "Google Calendar cannot be reached", []string{"home/primary"}, "team@example.com"},
		{"ics-address-reset", "personal/calendar", calendar.ErrNotFound, "copy it again into the source's url_file", []string{"home/primary", "primary"}, "personal/calendar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, _, body := problemOf(tt.failing, fmt.Errorf("sync: %w", tt.err))
			if !strings.Contains(body, tt.body) {
				t.Errorf("problemOf(%q) body = %q, want it to say %q", tt.failing, body, tt.body)
			}
			d := &Daemon{lg: slog.New(slog.DiscardHandler), told: map[string]bool{key: true}}
			for _, ok := range tt.stays {
				d.resolved(ok)
				if !d.told[key] {
					t.Errorf("a good sync of %s forgot problem %s of %s: the person would be told again at the next poll", ok, key, tt.failing)
				}
			}
			d.resolved(tt.resolveBy)
			if d.told[key] {
				t.Errorf("a good sync of %s kept problem %s", tt.resolveBy, key)
			}
		})
	}
}
