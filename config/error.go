package config

import (
	"strconv"
	"strings"
)

// Error is one mistake in the configuration file. Load returns every mistake
// it finds joined with errors.Join; errors.As finds the first.
type Error struct {
	File string // the file as given to Load; "" for Validate
	Line int    // 1-based; 0 when the value is a default or the line is unknown
	Col  int    // 1-based; set for syntax errors only
	Key  string // dotted key such as "block.duration"; "" for syntax errors
	Msg  string // what is wrong and what to do, naming the key
}

// Error formats the mistake as "file:line:col: message", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		if e.File == "" {
			b.WriteString("line ")
		} else {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(e.Line))
		if e.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Col))
		}
	}
	if b.Len() == 0 {
		return e.Msg
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}
