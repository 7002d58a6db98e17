//go:build unix

package calendar

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	gcal "google.golang.org/api/calendar/v3"
)

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapPeak samples the bytes of heap objects (live and not yet swept) every
// millisecond until the returned stop is called, which returns the highest
// sample.
func heapPeak() (stop func() uint64) {
	var (
		mu   sync.Mutex
		peak = heapNow()
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				v := heapNow()
				mu.Lock()
				peak = max(peak, v)
				mu.Unlock()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return max(peak, heapNow())
	}
}

// cpuTime is the user+system CPU time of the process so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFullSync20000 is figure (b): the first sync of a 20,000-event
// calendar through the real v3 client over loopback HTTP (8 pages of 2,500),
// conversion, sorting and the snapshot write with fsync. The pages are the
// fake's own answers, recorded once and replayed from memory, so that the
// fake's stored events (~75 MB of heap) neither count in the heap figures
// nor inflate the GC's heap target. peak-heap-MB is the highest sampled
// heap (live and unswept objects, every 1 ms) during the sync;
// base-heap-MB is the heap just before it, after a GC: the recorded pages.
func BenchmarkFullSync20000(b *testing.B) {
	pages := recordPages(b, 20000)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		body, ok := pages[r.URL.Query().Get("pageToken")]
		if !ok {
			http.Error(w, "unknown page", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Write(body)
	}))
	defer srv.Close()
	root := b.TempDir()
	var peak, base uint64
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir, err := os.MkdirTemp(root, "")
		if err != nil {
			b.Fatal(err)
		}
		c, _ := mustClient(b, srv.URL+"/calendar/v3/", nil, Config{StateDir: dir, Lookback: seriesLookback})
		hits.Store(0)
		runtime.GC() // twice: measured here, one cycle left the
		runtime.GC() // previous iteration's garbage counted
		base = max(base, heapNow())
		stop := heapPeak()
		b.StartTimer()
		evs, err := c.Sync(context.Background(), "primary", t0)
		b.StopTimer()
		peak = max(peak, stop())
		if err != nil || len(evs) != 20000 || hits.Load() != 8 {
			b.Fatalf("Sync: %d events in %d requests, %v; want 20000 in 8", len(evs), hits.Load(), err)
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(base)/(1<<20), "base-heap-MB")
}

// recordPages returns the fake's answers to a full sync of n events, keyed
// by the pageToken of the request ("" for the first).
func recordPages(b *testing.B, n int) map[string][]byte {
	b.Helper()
	s := calendartest.New() // not mustFake: its Cleanup would keep s alive
	defer s.Close()
	s.SetClock(func() time.Time { return t0 })
	loadSeries(b, s, "primary", n)
	pages := map[string][]byte{}
	q := url.Values{
		"maxResults":   {"2500"},
		"singleEvents": {"true"},
		"timeMin":      {t0.Add(-seriesLookback).Format(time.RFC3339)},
	}
	for token := ""; ; {
		if token != "" {
			q.Set("pageToken", token)
		}
		resp, err := http.Get(s.Endpoint() + "calendars/primary/events?" + q.Encode())
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("record page %q: %d %v", token, resp.StatusCode, err)
		}
		pages[token] = body
		var p struct{ NextPageToken string }
		if err := json.Unmarshal(body, &p); err != nil {
			b.Fatal(err)
		}
		if p.NextPageToken == "" {
			return pages
		}
		token = p.NextPageToken
	}
}

// BenchmarkIncrementalPoll is figure (c): the adapter's own work for an
// incremental poll that carries 10 changed events into a cache of 20,000,
// without the HTTP round trip. "apply": decoding the page body, converting
// and applying it (maps, series index, sorted order). "apply+persist": the
// same plus appending the journal line with fsync, and the amortised cost
// of the snapshot rewrite that folds the journal in once it outgrows half
// the snapshot. "poll": all that plus the result Sync returns after a
// change (a copy of the 20,000 pointers), i.e. every step of a Sync beyond
// the round trip. cpu-ns/op is user+system CPU time from getrusage; ns/op
// is wall time and includes waiting for the disk where there is a persist.
func BenchmarkIncrementalPoll(b *testing.B) {
	for _, name := range []string{"apply", "apply+persist", "poll"} {
		b.Run(name, func(b *testing.B) {
			c, cc := benchCache(b, 20000)
			pages := [2][]byte{changePage(b, cc, "A"), changePage(b, cc, "B")}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime(b)
			for i := range b.N {
				var page gcal.Events
				if err := json.Unmarshal(pages[i%2], &page); err != nil {
					b.Fatal(err)
				}
				cc.applyChanges(page.TimeZone, page.NextSyncToken, c.convertPage(nil, cc.id, cmp.Or(page.TimeZone, cc.tz), page.Items))
				if name == "apply" {
					clear(cc.dirty)
					continue
				}
				if err := c.persist(cc, t0); err != nil {
					b.Fatal(err)
				}
				if name == "poll" {
					if evs := cc.result(); len(evs) != 20000 {
						b.Fatalf("%d events, want 20000", len(evs))
					}
				}
			}
			b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
			if len(cc.events) != 20000 {
				b.Fatalf("%d events after the polls, want 20000", len(cc.events))
			}
		})
	}
}

// benchCache returns a Client whose cache of "primary" holds n events, as
// a full sync through the fake leaves it, snapshot written.
func benchCache(b *testing.B, n int) (*Client, *calCache) {
	b.Helper()
	s := mustFake(b)
	loadSeries(b, s, "primary", n)
	c, _ := mustClient(b, s.Endpoint(), nil, Config{Lookback: seriesLookback})
	if evs, err := c.Sync(context.Background(), "primary", t0); err != nil || len(evs) != n {
		b.Fatalf("Sync: %d events, %v", len(evs), err)
	}
	s.Close()
	cc, err := c.load("primary")
	if err != nil {
		b.Fatal(err)
	}
	return c, cc
}

// changePage is the JSON of an incremental page in which 10 of cc's events
// (spread over the calendar) have a new summary and moved by an hour.
func changePage(b *testing.B, cc *calCache, variant string) []byte {
	b.Helper()
	view := cc.view()
	page := gcal.Events{Kind: "calendar#events", TimeZone: cc.tz, NextSyncToken: "token-" + variant}
	for k := range 10 {
		e := view[k*len(view)/10]
		shift := time.Duration(0)
		if variant == "B" {
			shift = time.Hour
		}
		page.Items = append(page.Items, &gcal.Event{
			Id: e.ID, RecurringEventId: e.RecurringEventID, Status: "confirmed",
			Summary: fmt.Sprintf("changed %s %d", variant, k),
			Start:   &gcal.EventDateTime{DateTime: e.Start.Add(shift).Format(time.RFC3339), TimeZone: e.TimeZone},
			End:     &gcal.EventDateTime{DateTime: e.End.Add(shift).Format(time.RFC3339), TimeZone: e.TimeZone},
		})
	}
	body, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	return body
}
