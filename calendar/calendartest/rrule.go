package calendartest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// recurrence is the subset of RFC 5545 that the fake expands: one RRULE
// with FREQ DAILY, WEEKLY, MONTHLY or YEARLY, INTERVAL, COUNT, UNTIL, WKST,
// and BYDAY (plain weekdays) on DAILY and WEEKLY; EXDATE and RDATE lines.
type recurrence struct {
	freq     string
	interval int
	count    int
	until    time.Time // inclusive; zero when unset
	byDay    []time.Weekday
	wkst     time.Weekday
	exTimes  []time.Time
	exDates  []string // YYYYMMDD of date-valued EXDATEs
	rdates   []time.Time
	hasRRule bool
}

var weekdays = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// parseRecurrence reads the event's recurrence lines. Floating times are
// in loc, the master's zone.
func parseRecurrence(lines []string, loc *time.Location) (*recurrence, error) {
	rc := &recurrence{interval: 1, wkst: time.Monday}
	for _, line := range lines {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("recurrence line %q has no value", line)
		}
		params := strings.Split(name, ";")
		switch strings.ToUpper(params[0]) {
		case "RRULE":
			if rc.hasRRule {
				return nil, fmt.Errorf("more than one RRULE is not supported")
			}
			rc.hasRRule = true
			if err := rc.parseRRule(value, loc); err != nil {
				return nil, err
			}
		case "EXDATE", "RDATE":
			isEx := strings.EqualFold(params[0], "EXDATE")
			ploc := loc
			for _, p := range params[1:] {
				k, v, _ := strings.Cut(p, "=")
				if strings.EqualFold(k, "TZID") {
					l, err := time.LoadLocation(v)
					if err != nil {
						return nil, fmt.Errorf("%s: unknown TZID %q", params[0], v)
					}
					ploc = l
				}
			}
			for _, v := range strings.Split(value, ",") {
				t, dateOnly, err := parseICalTime(v, ploc)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", params[0], err)
				}
				switch {
				case isEx && dateOnly:
					rc.exDates = append(rc.exDates, t.Format("20060102"))
				case isEx:
					rc.exTimes = append(rc.exTimes, t)
				default:
					rc.rdates = append(rc.rdates, t)
				}
			}
		default:
			return nil, fmt.Errorf("recurrence line %q is not supported", params[0])
		}
	}
	if !rc.hasRRule && len(rc.rdates) == 0 {
		return nil, fmt.Errorf("recurrence has no RRULE or RDATE")
	}
	return rc, nil
}

func (rc *recurrence) parseRRule(value string, loc *time.Location) error {
	for _, part := range strings.Split(value, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return fmt.Errorf("RRULE part %q has no value", part)
		}
		switch strings.ToUpper(k) {
		case "FREQ":
			switch v {
			case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
				rc.freq = v
			default:
				return fmt.Errorf("RRULE FREQ=%s is not supported", v)
			}
		case "INTERVAL":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("RRULE INTERVAL=%s is not a positive number", v)
			}
			rc.interval = n
		case "COUNT":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("RRULE COUNT=%s is not a positive number", v)
			}
			rc.count = n
		case "UNTIL":
			t, dateOnly, err := parseICalTime(v, loc)
			if err != nil {
				return fmt.Errorf("RRULE UNTIL: %w", err)
			}
			if dateOnly {
				t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
			}
			rc.until = t
		case "WKST":
			d, ok := weekdays[v]
			if !ok {
				return fmt.Errorf("RRULE WKST=%s is not a weekday", v)
			}
			rc.wkst = d
		case "BYDAY":
			for _, day := range strings.Split(v, ",") {
				d, ok := weekdays[day]
				if !ok {
					return fmt.Errorf("RRULE BYDAY=%s is not supported (plain weekdays only)", v)
				}
				rc.byDay = append(rc.byDay, d)
			}
		default:
			return fmt.Errorf("RRULE part %s is not supported", k)
		}
	}
	if rc.freq == "" {
		return fmt.Errorf("RRULE has no FREQ")
	}
	if len(rc.byDay) > 0 && rc.freq != "DAILY" && rc.freq != "WEEKLY" {
		return fmt.Errorf("RRULE BYDAY with FREQ=%s is not supported", rc.freq)
	}
	return nil
}

// parseICalTime reads 20250325T130000Z (UTC), 20250325T080000 (in loc) or
// 20250325 (a date, midnight in loc).
func parseICalTime(v string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	switch {
	case len(v) == 8:
		t, err = time.ParseInLocation("20060102", v, loc)
		return t, true, err
	case strings.HasSuffix(v, "Z"):
		t, err = time.Parse("20060102T150405Z", v)
		return t, false, err
	default:
		t, err = time.ParseInLocation("20060102T150405", v, loc)
		return t, false, err
	}
}

// occurrences lists the series' start times from start (wall clock in its
// location) that begin before horizon, at most max of them; the first
// occurrence is always included.
func (rc *recurrence) occurrences(start time.Time, horizon time.Time, max int) []time.Time {
	if !horizon.After(start) {
		horizon = start.Add(time.Nanosecond)
	}
	var out []time.Time
	n := 0
	// emit reports whether generation should go on.
	emit := func(t time.Time) bool {
		if !rc.until.IsZero() && t.After(rc.until) {
			return false
		}
		if !t.Before(horizon) || len(out) >= max {
			return false
		}
		n++
		if rc.count > 0 && n > rc.count {
			return false
		}
		out = append(out, t)
		return true
	}
	const maxSteps = 200000 // guards rules that never match
	if rc.hasRRule {
		switch rc.freq {
		case "DAILY":
			for k := 0; k < maxSteps; k++ {
				t := start.AddDate(0, 0, k*rc.interval)
				if len(rc.byDay) > 0 && !slices.Contains(rc.byDay, t.Weekday()) {
					if !t.Before(horizon) {
						break
					}
					continue
				}
				if !emit(t) {
					break
				}
			}
		case "WEEKLY":
			days := rc.byDay
			if len(days) == 0 {
				days = []time.Weekday{start.Weekday()}
			}
			back := (int(start.Weekday()) - int(rc.wkst) + 7) % 7
			weekStart := start.AddDate(0, 0, -back)
		weeks:
			for w := 0; w < maxSteps; w++ {
				ws := weekStart.AddDate(0, 0, 7*w*rc.interval)
				for i := range 7 {
					t := ws.AddDate(0, 0, i)
					if t.Before(start) || !slices.Contains(days, t.Weekday()) {
						continue
					}
					if !emit(t) {
						break weeks
					}
				}
				if !ws.Before(horizon) {
					break
				}
			}
		case "MONTHLY", "YEARLY":
			for k := 0; k < maxSteps; k++ {
				y, m := start.Year(), start.Month()
				if rc.freq == "MONTHLY" {
					m += time.Month(k * rc.interval)
				} else {
					y += k * rc.interval
				}
				t := time.Date(y, m, start.Day(), start.Hour(), start.Minute(), start.Second(), start.Nanosecond(), start.Location())
				if t.Day() != start.Day() { // Feb 30 and the like do not exist
					if !t.Before(horizon) {
						break
					}
					continue
				}
				if !emit(t) {
					break
				}
			}
		}
	} else {
		out = append(out, start)
	}
	for _, t := range rc.rdates {
		if t.Before(horizon) && !slices.ContainsFunc(out, t.Equal) && len(out) < max {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.DeleteFunc(out, rc.excluded)
}

func (rc *recurrence) excluded(t time.Time) bool {
	return slices.ContainsFunc(rc.exTimes, t.Equal) || slices.Contains(rc.exDates, t.Format("20060102"))
}
