package notebook

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"
)

// Date is a civil date without a time or zone, written in JSON as an
// RFC 3339 full-date, "2026-03-14". The zero Date is "not set" and is
// omitted from the file (omitzero) or written as null through a *Date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a "YYYY-MM-DD" date and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	var y, m, d int
	if n, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil || n != 3 || len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("%q is not a date: the month is 1 to 12", s)
	}
	// Day 0 of the next month is the last day of this one.
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return Date{}, fmt.Errorf("%s does not exist: %s %d has %d days", s, time.Month(m), y, days)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// String returns the date as "YYYY-MM-DD", "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// AddBusinessDays returns the date n business days (Monday to Friday) after
// d. A weekend d counts from the following Monday's eve, so one business day
// after a Saturday is the Monday. n <= 0 returns d.
func (d Date) AddBusinessDays(n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(d.Month, e.Month)
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// MarshalJSON writes d as "YYYY-MM-DD", the zero Date as null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null. Its error is a
// *json.UnmarshalTypeError, which encoding/json completes with the path of
// the field, so a bad date in a file names its field.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err == nil {
		*d, err = ParseDate(s)
	}
	if err != nil {
		return &json.UnmarshalTypeError{
			Value: string(b),
			Type:  reflect.TypeFor[Date](),
		}
	}
	return nil
}
