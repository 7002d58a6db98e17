package calendartest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

type freeBusyRequest struct {
	TimeMin  string `json:"timeMin"`
	TimeMax  string `json:"timeMax"`
	TimeZone string `json:"timeZone"`
	Items    []struct {
		ID string `json:"id"`
	} `json:"items"`
}

type busySpan struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type freeBusyCalendar struct {
	Errors []errorItemShort `json:"errors,omitempty"`
	Busy   []busySpan       `json:"busy"`
}

type errorItemShort struct {
	Domain string `json:"domain"`
	Reason string `json:"reason"`
}

type freeBusyResponse struct {
	Kind      string                      `json:"kind"`
	TimeMin   string                      `json:"timeMin"`
	TimeMax   string                      `json:"timeMax"`
	Calendars map[string]freeBusyCalendar `json:"calendars"`
}

// freeBusy is freebusy.query: the busy spans of opaque, confirmed or
// tentative events the owner has not declined, clipped to the window and
// merged where they overlap or touch.
func (s *Server) freeBusy(w http.ResponseWriter, r *http.Request) {
	var req freeBusyRequest
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, errParse())
		return
	}
	if req.TimeMin == "" {
		writeError(w, errRequired("Missing timeMin parameter."))
		return
	}
	if req.TimeMax == "" {
		writeError(w, errRequired("Missing timeMax parameter."))
		return
	}
	tmin, err1 := time.Parse(time.RFC3339Nano, req.TimeMin)
	tmax, err2 := time.Parse(time.RFC3339Nano, req.TimeMax)
	if err1 != nil || err2 != nil {
		writeError(w, errBadRequest("Bad Request"))
		return
	}
	if !tmax.After(tmin) {
		writeError(w, errTimeRangeEmpty())
		return
	}
	out := time.UTC
	if req.TimeZone != "" {
		l, err := time.LoadLocation(req.TimeZone)
		if err != nil {
			writeError(w, errInvalid("Invalid time zone: "+req.TimeZone))
			return
		}
		out = l
	}
	resp := freeBusyResponse{
		Kind:      "calendar#freeBusy",
		TimeMin:   formatStamp(tmin),
		TimeMax:   formatStamp(tmax),
		Calendars: map[string]freeBusyCalendar{},
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range req.Items {
		c := s.cal(it.ID)
		if c == nil {
			resp.Calendars[it.ID] = freeBusyCalendar{
				Errors: []errorItemShort{{Domain: "global", Reason: "notFound"}},
				Busy:   []busySpan{},
			}
			continue
		}
		spans := []busySpan{}
		for _, iv := range c.busy(tmin, tmax) {
			spans = append(spans, busySpan{Start: formatBusy(iv[0], out), End: formatBusy(iv[1], out)})
		}
		resp.Calendars[it.ID] = freeBusyCalendar{Busy: spans}
	}
	writeJSON(w, r, resp)
}

func formatBusy(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC3339)
}

// busy returns the merged busy intervals of c within [tmin, tmax).
func (c *calendar) busy(tmin, tmax time.Time) [][2]time.Time {
	var ivs [][2]time.Time
	for _, r := range c.events {
		if r.isMaster() || r.cancelled() || r.ev.Transparency == "transparent" || declinedBySelf(r) {
			continue
		}
		if r.start.IsZero() || !r.start.Before(tmax) {
			continue
		}
		if r.end.After(r.start) && !r.end.After(tmin) || !r.end.After(r.start) && r.start.Before(tmin) {
			continue
		}
		ivs = append(ivs, [2]time.Time{maxTime(r.start, tmin), minTime(r.end, tmax)})
	}
	slices.SortFunc(ivs, func(a, b [2]time.Time) int {
		if c := a[0].Compare(b[0]); c != 0 {
			return c
		}
		return a[1].Compare(b[1])
	})
	var merged [][2]time.Time
	for _, iv := range ivs {
		if n := len(merged); n > 0 && !iv[0].After(merged[n-1][1]) {
			merged[n-1][1] = maxTime(merged[n-1][1], iv[1])
			continue
		}
		merged = append(merged, iv)
	}
	return merged
}

func declinedBySelf(r *record) bool {
	for _, a := range r.ev.Attendees {
		if a.Self && a.ResponseStatus == "declined" {
			return true
		}
	}
	return false
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

type calendarListEntry struct {
	Kind             string     `json:"kind"`
	Etag             string     `json:"etag"`
	ID               string     `json:"id"`
	Summary          string     `json:"summary"`
	TimeZone         string     `json:"timeZone"`
	AccessRole       string     `json:"accessRole"`
	DefaultReminders []reminder `json:"defaultReminders"`
	Selected         bool       `json:"selected"`
	Primary          bool       `json:"primary,omitempty"`
}

type calendarListPage struct {
	Kind          string              `json:"kind"`
	Etag          string              `json:"etag"`
	NextSyncToken string              `json:"nextSyncToken"`
	Items         []calendarListEntry `json:"items"`
}

// calendarList is calendarList.list: every calendar on one page, the
// primary one first, the owner's access on each.
func (s *Server) calendarList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	page := calendarListPage{Kind: "calendar#calendarList", Etag: etagOf(s.seq), NextSyncToken: encodeToken(syncToken{Cal: "calendarList", Seq: s.seq, Epoch: s.epoch}), Items: []calendarListEntry{}}
	for _, c := range s.cals {
		page.Items = append(page.Items, calendarListEntry{
			Kind:             "calendar#calendarListEntry",
			Etag:             etagOf(int64(len(c.id))),
			ID:               c.id,
			Summary:          c.id,
			TimeZone:         c.timeZone,
			AccessRole:       "owner",
			DefaultReminders: c.defaultReminders(),
			Selected:         true,
			Primary:          c.id == PrimaryEmail,
		})
	}
	slices.SortFunc(page.Items, func(a, b calendarListEntry) int {
		if a.Primary != b.Primary {
			if a.Primary {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	writeJSON(w, r, page)
}
