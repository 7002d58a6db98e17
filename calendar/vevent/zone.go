package vevent

import (
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// zone turns wall-clock times of one TZID into instants and back. Times
// called "wall" are floating: their fields, read in UTC, are the wall clock.
type zone struct {
	loc  *time.Location // an IANA zone; nil when vtz is used
	vtz  *vtimezone     // a VTIMEZONE no IANA name matches
	name string         // the IANA name, "" when there is none
}

// instant returns the instant of the wall-clock time w in z.
func (z zone) instant(w time.Time) time.Time {
	if z.vtz != nil {
		return z.vtz.instant(w)
	}
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), z.loc)
}

// wall returns the wall-clock time of the instant t in z, as floating.
func (z zone) wall(t time.Time) time.Time {
	if z.vtz != nil {
		return t.UTC().Add(time.Duration(z.vtz.offsetAt(t)) * time.Second)
	}
	l := t.In(z.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// zones resolves the TZIDs of one calendar.
type zones struct {
	def  zone // floating times and dates: the calendar's X-WR-TIMEZONE, else the caller's
	vtz  map[string]*ical.Component
	seen map[string]zone
}

func newZones(cal *ical.Calendar, def *time.Location) *zones {
	zs := &zones{def: zone{loc: def, name: ianaName(def)}, vtz: map[string]*ical.Component{}, seen: map[string]zone{}}
	if p := cal.Props.Get("X-WR-TIMEZONE"); p != nil {
		if loc, ok := loadIANA(p.Value); ok {
			zs.def = zone{loc: loc, name: loc.String()}
		}
	}
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			if id := c.Props.Get(ical.PropTimezoneID); id != nil {
				zs.vtz[id.Value] = c
			}
		}
	}
	return zs
}

func ianaName(loc *time.Location) string {
	if loc == nil || loc == time.Local {
		return ""
	}
	return loc.String()
}

// get returns the zone of tzid: an IANA name, a Windows name (as Outlook
// and Exchange write them), or the calendar's own VTIMEZONE of that id.
// An id nothing explains is taken as UTC and reported by ok = false.
func (zs *zones) get(tzid string) (zone, bool) {
	tzid = strings.Trim(tzid, `"`)
	if tzid == "" {
		return zs.def, true
	}
	if z, ok := zs.seen[tzid]; ok {
		return z, true
	}
	z, ok := zs.resolve(tzid)
	if ok {
		zs.seen[tzid] = z
	}
	return z, ok
}

func (zs *zones) resolve(tzid string) (zone, bool) {
	if loc, ok := loadIANA(tzid); ok {
		return zone{loc: loc, name: loc.String()}, true
	}
	if iana, ok := windowsZones[tzid]; ok {
		if loc, err := time.LoadLocation(iana); err == nil {
			return zone{loc: loc, name: iana}, true
		}
	}
	if c, ok := zs.vtz[tzid]; ok {
		if v := parseVTimezone(c); v != nil {
			return zone{vtz: v}, true
		}
	}
	return zone{loc: time.UTC, name: "UTC"}, false
}

// loadIANA loads an IANA zone, also from the "/mozilla.org/…/Europe/Berlin"
// and "(UTC+01:00) Europe/Berlin"-like spellings some programs write.
func loadIANA(id string) (*time.Location, bool) {
	if id == "" || id == "Local" {
		return nil, false
	}
	if loc, err := time.LoadLocation(id); err == nil {
		return loc, true
	}
	parts := strings.Split(strings.TrimSpace(id), "/")
	for i := max(len(parts)-3, 1); i < len(parts)-1; i++ {
		if loc, err := time.LoadLocation(strings.Join(parts[i:], "/")); err == nil {
			return loc, true
		}
	}
	if _, after, ok := strings.Cut(id, ") "); ok {
		if loc, err := time.LoadLocation(after); err == nil {
			return loc, true
		}
	}
	return nil, false
}

// vtimezone is a VTIMEZONE: its observances (STANDARD, DAYLIGHT), each an
// offset that starts at onsets given by DTSTART, RRULE and RDATE.
type vtimezone struct {
	obs []observance
}

type observance struct {
	from, to int          // TZOFFSETFROM, TZOFFSETTO in seconds
	start    time.Time    // DTSTART, floating, in the "from" offset
	rule     *rrule.RRule // nil: onsets are start and rdates only
	rdates   []time.Time  // floating
}

func parseVTimezone(c *ical.Component) *vtimezone {
	v := &vtimezone{}
	for _, o := range c.Children {
		if o.Name != ical.CompTimezoneStandard && o.Name != ical.CompTimezoneDaylight {
			continue
		}
		from, ok1 := utcOffset(o.Props.Get(ical.PropTimezoneOffsetFrom))
		to, ok2 := utcOffset(o.Props.Get(ical.PropTimezoneOffsetTo))
		ds := o.Props.Get(ical.PropDateTimeStart)
		if !ok1 || !ok2 || ds == nil {
			continue
		}
		start, err := time.Parse("20060102T150405", strings.TrimSuffix(ds.Value, "Z"))
		if err != nil {
			continue
		}
		ob := observance{from: from, to: to, start: start}
		if rp := o.Props.Get(ical.PropRecurrenceRule); rp != nil {
			if opt, err := rrule.StrToROptionInLocation(rp.Value, time.UTC); err == nil {
				opt.Dtstart = start
				if r, err := rrule.NewRRule(*opt); err == nil {
					ob.rule = r
				}
			}
		}
		for _, rd := range o.Props.Values(ical.PropRecurrenceDates) {
			for _, s := range strings.Split(rd.Value, ",") {
				if t, err := time.Parse("20060102T150405", strings.TrimSuffix(s, "Z")); err == nil {
					ob.rdates = append(ob.rdates, t)
				}
			}
		}
		v.obs = append(v.obs, ob)
	}
	if len(v.obs) == 0 {
		return nil
	}
	return v
}

// utcOffset parses "+0100", "-0530", "+013045" into seconds.
func utcOffset(p *ical.Prop) (int, bool) {
	if p == nil {
		return 0, false
	}
	s := strings.TrimSpace(p.Value)
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	n := 0
	for i, f := range []int{3600, 60, 1} {
		if 1+2*i+2 > len(s) {
			break
		}
		d := s[1+2*i : 3+2*i]
		if d[0] < '0' || d[0] > '9' || d[1] < '0' || d[1] > '9' {
			return 0, false
		}
		n += int(d[0]-'0')*10*f + int(d[1]-'0')*f
	}
	if s[0] == '-' {
		n = -n
	}
	return n, true
}

// offsetAt returns the UTC offset in seconds in force at the instant t:
// that of the observance with the latest onset at or before t.
func (v *vtimezone) offsetAt(t time.Time) int {
	var best time.Time
	off, found := 0, false
	for _, o := range v.obs {
		// Onsets are wall times in the "from" offset.
		w := t.UTC().Add(time.Duration(o.from) * time.Second)
		var last time.Time
		if !o.start.After(w) {
			last = o.start
		}
		if o.rule != nil {
			if r := o.rule.Before(w, true); !r.IsZero() && r.After(last) {
				last = r
			}
		}
		for _, rd := range o.rdates {
			if !rd.After(w) && rd.After(last) {
				last = rd
			}
		}
		if last.IsZero() {
			continue
		}
		onset := last.Add(-time.Duration(o.from) * time.Second)
		if !found || onset.After(best) {
			best, off, found = onset, o.to, true
		}
	}
	if !found {
		// Before every onset: the offset the earliest one changes from.
		earliest := v.obs[0]
		for _, o := range v.obs[1:] {
			if o.start.Before(earliest.start) {
				earliest = o
			}
		}
		return earliest.from
	}
	return off
}

// instant returns the instant of wall time w: the offset that, applied to
// w, gives an instant at which that offset is in force. In a gap (the hour
// skipped in spring) it takes the offset before the change, as RFC 5545
// says.
func (v *vtimezone) instant(w time.Time) time.Time {
	seen := map[int]bool{}
	for _, o := range v.obs {
		for _, off := range []int{o.to, o.from} {
			if seen[off] {
				continue
			}
			seen[off] = true
			t := w.Add(-time.Duration(off) * time.Second)
			if v.offsetAt(t) == off {
				return t
			}
		}
	}
	// A gap: the offset in force just before.
	off := v.offsetAt(w.Add(-24 * time.Hour))
	return w.Add(-time.Duration(off) * time.Second)
}

// windowsZones maps the Windows zone names Outlook and Exchange write as
// TZID to IANA names (CLDR windowsZones.xml, territory 001), for the zones
// job seekers are most likely to meet. Others fall back to the calendar's
// VTIMEZONE.
var windowsZones = map[string]string{
	"UTC":                             "UTC",
	"GMT Standard Time":               "Europe/London",
	"Greenwich Standard Time":         "Atlantic/Reykjavik",
	"W. Europe Standard Time":         "Europe/Berlin",
	"Central Europe Standard Time":    "Europe/Budapest",
	"Central European Standard Time":  "Europe/Warsaw",
	"Romance Standard Time":           "Europe/Paris",
	"E. Europe Standard Time":         "Europe/Chisinau",
	"FLE Standard Time":               "Europe/Kiev",
	"GTB Standard Time":               "Europe/Bucharest",
	"Turkey Standard Time":            "Europe/Istanbul",
	"Russian Standard Time":           "Europe/Moscow",
	"Israel Standard Time":            "Asia/Jerusalem",
	"Egypt Standard Time":             "Africa/Cairo",
	"South Africa Standard Time":      "Africa/Johannesburg",
	"W. Central Africa Standard Time": "Africa/Lagos",
	"Arabian Standard Time":           "Asia/Dubai",
	"Pakistan Standard Time":          "Asia/Karachi",
	"India Standard Time":             "Asia/Calcutta",
	"SE Asia Standard Time":           "Asia/Bangkok",
	"Singapore Standard Time":         "Asia/Singapore",
	"China Standard Time":             "Asia/Shanghai",
	"Taipei Standard Time":            "Asia/Taipei",
	"Tokyo Standard Time":             "Asia/Tokyo",
	"Korea Standard Time":             "Asia/Seoul",
	"AUS Eastern Standard Time":       "Australia/Sydney",
	"E. Australia Standard Time":      "Australia/Brisbane",
	"New Zealand Standard Time":       "Pacific/Auckland",
	"Hawaiian Standard Time":          "Pacific/Honolulu",
	"Alaskan Standard Time":           "America/Anchorage",
	"Pacific Standard Time":           "America/Los_Angeles",
	"US Mountain Standard Time":       "America/Phoenix",
	"Mountain Standard Time":          "America/Denver",
	"Central Standard Time":           "America/Chicago",
	"Central Standard Time (Mexico)":  "America/Mexico_City",
	"Eastern Standard Time":           "America/New_York",
	"Atlantic Standard Time":          "America/Halifax",
	"Canada Central Standard Time":    "America/Regina",
	"SA Pacific Standard Time":        "America/Bogota",
	"E. South America Standard Time":  "America/Sao_Paulo",
	"Argentina Standard Time":         "America/Buenos_Aires",
}
