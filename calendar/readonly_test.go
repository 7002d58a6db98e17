package calendar

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/internal/treestate"
)

// TestReadOnlyWritesNothing: a read-only client syncs from the cache on
// disk (incrementally) or from nothing, keeps what it learns in memory,
// refuses block writes with ErrReadOnly and leaves the state directory
// byte-identical, creating nothing.
func TestReadOnlyWritesNothing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		synced bool // a read-write client synced first
	}{
		{name: "first-run"},
		{name: "after-a-sync", synced: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustFake(t)
			loadN(t, s, "primary", 5, t0)
			dir := filepath.Join(t.TempDir(), "state")
			if tc.synced {
				c, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
				mustSync(t, c, "primary")
				// A crash leftover that a read-write New would sweep.
				if err := os.WriteFile(filepath.Join(dir, stateDirName, tempPrefix+"x"), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s.Remove("primary", "ev00001")
			before := treestate.Of(t, dir)
			s.ResetRequests()

			c, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir, ReadOnly: true})
			for i := range 2 {
				if got := ids(mustSync(t, c, "primary")); !cmp.Equal(got, []string{"ev00000", "ev00002", "ev00003", "ev00004"}) {
					t.Errorf("read-only Sync %d = %v, want the events without ev00001", i+1, got)
				}
			}
			reqs := listRequests(s)
			incremental := len(reqs) > 0 && reqs[0].Query.Get("syncToken") != ""
			if incremental != tc.synced {
				t.Errorf("first request incremental = %v, want %v (from the cache on disk)", incremental, tc.synced)
			}
			if len(reqs) > 0 && reqs[len(reqs)-1].Query.Get("syncToken") == "" {
				t.Errorf("the second read-only Sync was a full sync: what the first learned was not kept in memory")
			}
			b := Block{
				ID: BlockID("primary", "ev00000"), CalendarID: "primary", InterviewCalendarID: "primary", InterviewEventID: "ev00000",
				Start: t0.Add(time.Hour), End: t0.Add(90 * time.Minute), Summary: "Debrief",
			}
			ctx := context.Background()
			_, ierr := c.InsertBlock(ctx, b)
			_, merr := c.MoveBlock(ctx, b)
			derr := c.DeleteBlock(ctx, "primary", b.ID)
			for op, err := range map[string]error{"InsertBlock": ierr, "MoveBlock": merr, "DeleteBlock": derr} {
				if !errors.Is(err, ErrReadOnly) {
					t.Errorf("%s on a read-only client = %v, want ErrReadOnly", op, err)
				}
			}
			for _, r := range s.Requests() {
				if r.Method != "GET" {
					t.Errorf("a read-only client sent %s %s", r.Method, r.Path)
				}
			}
			if diff := cmp.Diff(treestate.Of(t, dir), before); diff != "" {
				t.Errorf("the read-only client changed its state (-got +want):\n%s", diff)
			}
		})
	}
}
