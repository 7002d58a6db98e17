package calendartest

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	defaultMaxResults = 250
	maxMaxResults     = 2500 // larger values are capped silently
)

// Parameters every Google API accepts that do not change the result.
var standardParams = []string{"alt", "prettyPrint", "fields", "key", "quotaUser", "oauth_token", "access_token", "userIp", "callback", "upload_protocol", "uploadType", "$.xgafv"}

// Parameters Google refuses together with syncToken.
var syncForbidden = []string{"iCalUID", "orderBy", "privateExtendedProperty", "q", "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin"}

// syncToken is the content of an opaque nextSyncToken.
type syncToken struct {
	Cal    string `json:"c"`
	Single bool   `json:"s"`
	Seq    int64  `json:"n"`
	Epoch  int64  `json:"e"`
}

// pageToken is the content of an opaque nextPageToken: the query it belongs
// to, the position after the last item given, and the change number at the
// first page, which the final sync token carries.
type pageToken struct {
	Query string `json:"h"`
	Rev   int64  `json:"r,omitempty"`
	Time  string `json:"t,omitempty"`
	ID    string `json:"i"`
	Seq   int64  `json:"n"`
}

func encodeToken(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && json.Unmarshal(b, v) == nil
}

// queryHash identifies a list query apart from its paging.
func queryHash(calID string, q url.Values) string {
	q2 := url.Values{}
	for k, v := range q {
		if k == "pageToken" || k == "maxResults" || slices.Contains(standardParams, k) {
			continue
		}
		q2[k] = v
	}
	sum := sha256.Sum256([]byte(calID + "?" + q2.Encode()))
	return hex.EncodeToString(sum[:12])
}

type listQuery struct {
	single      bool
	showDeleted bool
	orderBy     string
	maxResults  int
	timeMin     time.Time
	timeMax     time.Time
	updatedMin  time.Time
	iCalUID     string
	text        []string
	private     map[string]string
	shared      map[string]string
	eventTypes  []string
	timeZone    string // of the answer; "" the calendar's
	sync        *syncToken
	page        *pageToken
}

func parseBool(q url.Values, name string) (bool, *apiError) {
	if !q.Has(name) {
		return false, nil
	}
	b, err := strconv.ParseBool(q.Get(name))
	if err != nil {
		return false, errInvalid("Invalid boolean value for " + name + ".")
	}
	return b, nil
}

func parseTime(q url.Values, name string) (time.Time, *apiError) {
	if !q.Has(name) {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, q.Get(name))
	if err != nil {
		return time.Time{}, errBadRequest("Bad Request")
	}
	return t, nil
}

func parseProps(vals []string) (map[string]string, *apiError) {
	if len(vals) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, v := range vals {
		k, val, ok := strings.Cut(v, "=")
		if !ok || k == "" {
			return nil, errInvalid("Invalid extended property constraint: " + v)
		}
		m[k] = val
	}
	return m, nil
}

// parseList checks a list query as Google does. The caller holds s.mu.
func (s *Server) parseList(c *calendar, q url.Values) (*listQuery, *apiError) {
	lq := &listQuery{maxResults: defaultMaxResults}
	var e *apiError
	if lq.single, e = parseBool(q, "singleEvents"); e != nil {
		return nil, e
	}
	if lq.showDeleted, e = parseBool(q, "showDeleted"); e != nil {
		return nil, e
	}
	if tok := q.Get("syncToken"); tok != "" {
		for _, p := range syncForbidden {
			if q.Has(p) {
				return nil, errInvalid("The parameter " + p + " cannot be used with syncToken.")
			}
		}
		if q.Has("showDeleted") && !lq.showDeleted {
			return nil, errInvalid("showDeleted=false cannot be used with syncToken.")
		}
		var st syncToken
		if !decodeToken(tok, &st) || st.Epoch != s.epoch || st.Cal != c.id {
			return nil, errFullSyncRequired()
		}
		if st.Single != lq.single {
			return nil, errInvalid("singleEvents must be the same as in the full sync that produced the syncToken.")
		}
		lq.sync = &st
	}
	switch lq.orderBy = q.Get("orderBy"); lq.orderBy {
	case "", "updated":
	case "startTime":
		if !lq.single {
			return nil, errBadRequest("The requested ordering is not available for the particular query.")
		}
	default:
		return nil, errInvalid("Invalid value for orderBy: " + lq.orderBy)
	}
	if q.Has("maxResults") {
		n, err := strconv.Atoi(q.Get("maxResults"))
		if err != nil || n < 1 {
			return nil, errInvalid("Invalid value for maxResults: " + q.Get("maxResults"))
		}
		lq.maxResults = min(n, maxMaxResults)
	}
	if lq.timeMin, e = parseTime(q, "timeMin"); e != nil {
		return nil, e
	}
	if lq.timeMax, e = parseTime(q, "timeMax"); e != nil {
		return nil, e
	}
	if !lq.timeMin.IsZero() && !lq.timeMax.IsZero() && !lq.timeMax.After(lq.timeMin) {
		return nil, errTimeRangeEmpty()
	}
	if lq.updatedMin, e = parseTime(q, "updatedMin"); e != nil {
		return nil, e
	}
	lq.iCalUID = q.Get("iCalUID")
	lq.text = strings.Fields(strings.ToLower(q.Get("q")))
	if lq.private, e = parseProps(q["privateExtendedProperty"]); e != nil {
		return nil, e
	}
	if lq.shared, e = parseProps(q["sharedExtendedProperty"]); e != nil {
		return nil, e
	}
	lq.eventTypes = q["eventTypes"]
	if tz := q.Get("timeZone"); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			return nil, errInvalid("Invalid time zone: " + tz)
		}
		lq.timeZone = tz
	}
	if pt := q.Get("pageToken"); pt != "" {
		var p pageToken
		if !decodeToken(pt, &p) {
			return nil, errInvalid("Invalid page token.")
		}
		if p.Query != queryHash(c.id, q) {
			return nil, errInvalid("The page token does not belong to this query.")
		}
		lq.page = &p
	}
	return lq, nil
}

// inView reports whether r is listed at all with this singleEvents: the
// instances and not their series, or the series and its exceptions.
func (c *calendar) inView(r *record, single bool) bool {
	if single {
		return !r.isMaster()
	}
	if r.master == "" {
		return true
	}
	if !r.exception {
		return false
	}
	m := c.events[r.master]
	return m == nil || !m.cancelled()
}

// seriesEnds maps each series to the end of its last instance; an endless
// series ends never.
func (c *calendar) seriesEnds() map[string]time.Time {
	ends := map[string]time.Time{}
	for _, r := range c.events {
		if r.isMaster() {
			end := r.end
			rc, err := parseRecurrence(r.ev.Recurrence, c.zoneOf(r.ev))
			if err == nil && rc.hasRRule && rc.count == 0 && rc.until.IsZero() {
				end = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			if e, ok := ends[r.ev.Id]; !ok || end.After(e) {
				ends[r.ev.Id] = end
			}
		}
	}
	for _, r := range c.events {
		if e, ok := ends[r.master]; ok && r.master != "" && !r.cancelled() && r.end.After(e) {
			ends[r.master] = r.end
		}
	}
	return ends
}

func (c *calendar) matches(r *record, lq *listQuery, ends map[string]time.Time) bool {
	if !c.inView(r, lq.single) {
		return false
	}
	if lq.sync != nil {
		return r.rev > lq.sync.Seq
	}
	if r.cancelled() {
		deletedShown := lq.showDeleted || !lq.updatedMin.IsZero() || (!lq.single && r.master != "")
		if !deletedShown {
			return false
		}
	}
	if !r.start.IsZero() {
		start, end := r.start, r.end
		if r.isMaster() {
			end = ends[r.ev.Id] // a series covers all its instances
		}
		if !lq.timeMin.IsZero() && !end.After(lq.timeMin) {
			return false
		}
		if !lq.timeMax.IsZero() && !start.Before(lq.timeMax) {
			return false
		}
	}
	if !lq.updatedMin.IsZero() {
		u, err := time.Parse(time.RFC3339Nano, r.ev.Updated)
		if err != nil || u.Before(lq.updatedMin) {
			return false
		}
	}
	if lq.iCalUID != "" && r.ev.ICalUID != lq.iCalUID {
		return false
	}
	if len(lq.eventTypes) > 0 && !slices.Contains(lq.eventTypes, r.ev.EventType) {
		return false
	}
	for k, v := range lq.private {
		if r.ev.ExtendedProperties == nil || r.ev.ExtendedProperties.Private[k] != v {
			return false
		}
	}
	for k, v := range lq.shared {
		if r.ev.ExtendedProperties == nil || r.ev.ExtendedProperties.Shared[k] != v {
			return false
		}
	}
	if len(lq.text) > 0 {
		hay := []string{r.ev.Summary, r.ev.Description, r.ev.Location}
		if o := r.ev.Organizer; o != nil {
			hay = append(hay, o.DisplayName, o.Email)
		}
		for _, a := range r.ev.Attendees {
			hay = append(hay, a.DisplayName, a.Email)
		}
		all := strings.ToLower(strings.Join(hay, "\n"))
		for _, term := range lq.text {
			if !strings.Contains(all, term) {
				return false
			}
		}
	}
	return true
}

// order compares two records in the order of the query, ties broken by id.
func (lq *listQuery) order(a, b *record) int {
	var c int
	switch lq.orderBy {
	case "startTime":
		c = a.start.Compare(b.start)
	case "updated":
		c = strings.Compare(a.ev.Updated, b.ev.Updated)
	default:
		c = cmp.Compare(a.rev, b.rev)
	}
	if c != 0 {
		return c
	}
	return strings.Compare(a.ev.Id, b.ev.Id)
}

// afterCursor reports whether r comes after the page token's position.
func (lq *listQuery) afterCursor(r *record) bool {
	p := lq.page
	var c int
	switch lq.orderBy {
	case "startTime":
		t, _ := time.Parse(time.RFC3339Nano, p.Time)
		c = r.start.Compare(t)
	case "updated":
		c = strings.Compare(r.ev.Updated, p.Time)
	default:
		c = cmp.Compare(r.rev, p.Rev)
	}
	if c == 0 {
		c = strings.Compare(r.ev.Id, p.ID)
	}
	return c > 0
}

// listed renders r as a list item: in full, or for a cancelled event only
// what Google guarantees (fixtures 01, 02, 06).
func listed(r *record) json.RawMessage {
	if !r.cancelled() {
		return marshalRaw(r.raw)
	}
	keys := []string{"kind", "etag", "id", "status"}
	if r.master != "" {
		keys = append(keys, "recurringEventId", "originalStartTime")
	}
	out := map[string]json.RawMessage{}
	for _, k := range keys {
		if v, ok := r.raw[k]; ok {
			out[k] = v
		}
	}
	return marshalRaw(out)
}

type reminder struct {
	Method  string `json:"method"`
	Minutes int    `json:"minutes"`
}

type eventsPage struct {
	Kind             string            `json:"kind"`
	Etag             string            `json:"etag"`
	Summary          string            `json:"summary"`
	Description      string            `json:"description"`
	Updated          string            `json:"updated"`
	TimeZone         string            `json:"timeZone"`
	AccessRole       string            `json:"accessRole"`
	DefaultReminders []reminder        `json:"defaultReminders"`
	NextPageToken    string            `json:"nextPageToken,omitempty"`
	NextSyncToken    string            `json:"nextSyncToken,omitempty"`
	Items            []json.RawMessage `json:"items"`
}

// lastUpdate is the calendar's last modification, now for an untouched one.
func (c *calendar) lastUpdate(now time.Time) time.Time {
	if c.updated.IsZero() {
		return now
	}
	return c.updated
}

func (c *calendar) defaultReminders() []reminder {
	if c.id == PrimaryEmail {
		return []reminder{{Method: "popup", Minutes: 30}}
	}
	return []reminder{}
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, calID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cal(calID)
	if c == nil {
		writeError(w, errNotFound())
		return
	}
	q := r.URL.Query()
	lq, e := s.parseList(c, q)
	if e != nil {
		writeError(w, e)
		return
	}
	snapshot := s.seq
	if lq.page != nil {
		snapshot = lq.page.Seq
	}
	var recs []*record
	ends := c.seriesEnds()
	for _, rec := range c.events {
		if c.matches(rec, lq, ends) && (lq.page == nil || lq.afterCursor(rec)) {
			recs = append(recs, rec)
		}
	}
	slices.SortFunc(recs, lq.order)
	page := eventsPage{
		Kind:             "calendar#events",
		Etag:             etagOf(s.seq),
		Summary:          c.id,
		Updated:          formatStamp(c.lastUpdate(s.now())),
		TimeZone:         c.timeZone,
		AccessRole:       "owner",
		DefaultReminders: c.defaultReminders(),
		Items:            []json.RawMessage{},
	}
	if lq.timeZone != "" {
		page.TimeZone = lq.timeZone
	}
	if len(recs) > lq.maxResults {
		recs = recs[:lq.maxResults]
		last := recs[len(recs)-1]
		pt := pageToken{Query: queryHash(c.id, q), ID: last.ev.Id, Seq: snapshot}
		switch lq.orderBy {
		case "startTime":
			pt.Time = last.start.Format(time.RFC3339Nano)
		case "updated":
			pt.Time = last.ev.Updated
		default:
			pt.Rev = last.rev
		}
		page.NextPageToken = encodeToken(pt)
	} else {
		page.NextSyncToken = encodeToken(syncToken{Cal: c.id, Single: lq.single, Seq: snapshot, Epoch: s.epoch})
	}
	for _, rec := range recs {
		page.Items = append(page.Items, listed(rec))
	}
	writeJSON(w, r, page)
}
