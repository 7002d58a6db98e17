package config

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// keyLines maps each key of a TOML document (toml.Key.String form) to the
// 1-based line where it is written. BurntSushi/toml records these positions
// but does not export them, so keyLines scans the syntax itself and lines its
// findings up with md.Keys(), which lists one key per table header and per
// key = value pair (inline tables included) in document order. When the two
// disagree in number or in the names they see, keyLines returns nil and
// errors are reported without a line rather than with a wrong one.
func keyLines(data string, keys []toml.Key) map[string]int {
	found := scanKeys(data)
	if len(found) != len(keys) {
		return nil
	}
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		if len(k) == 0 || !samePart(found[i].last, k[len(k)-1]) {
			return nil
		}
		if _, ok := m[k.String()]; !ok { // a repeated [[table]] keeps its first line
			m[k.String()] = found[i].line
		}
	}
	return m
}

// samePart reports whether raw, the last part of a key as written, can be the
// decoded part. Quoted parts with escapes are not decoded here and match.
func samePart(raw, part string) bool {
	switch {
	case strings.HasPrefix(raw, `"`):
		return strings.Contains(raw, `\`) || raw == `"`+part+`"`
	case strings.HasPrefix(raw, `'`):
		return raw == `'`+part+`'`
	default:
		return raw == part
	}
}

// keyPos is one key found by scanKeys.
type keyPos struct {
	line int
	last string // the key's last part as written, quotes included
}

// scanKeys lists the table headers and key = value pairs of data in document
// order. It expects valid TOML; on anything else it returns something
// without panicking or looping.
func scanKeys(data string) []keyPos {
	sc := &keyScanner{s: data, line: 1}
	if strings.HasPrefix(data, "\ufeff") { // a byte order mark, as the decoder allows
		sc.i = len("\ufeff")
	}
	sc.document()
	return sc.out
}

// maxDepth bounds the nesting of arrays and inline tables the scanner follows.
const maxDepth = 1000

type keyScanner struct {
	s     string
	i     int // next byte to read
	out   []keyPos
	depth int

	lineOff int // offset up to which newlines are counted in line
	line    int
}

func (sc *keyScanner) eof() bool { return sc.i >= len(sc.s) }

func (sc *keyScanner) advance(n int) { sc.i = min(sc.i+n, len(sc.s)) }

// emit records a key that starts at offset start.
func (sc *keyScanner) emit(start int, last string) {
	sc.line += strings.Count(sc.s[sc.lineOff:start], "\n")
	sc.lineOff = start
	sc.out = append(sc.out, keyPos{line: sc.line, last: last})
}

// document reads top-level headers and key = value lines.
func (sc *keyScanner) document() {
	for {
		sc.skip(true)
		if sc.eof() {
			return
		}
		start := sc.i
		if sc.s[sc.i] == '[' {
			sc.advance(1)
			if !sc.eof() && sc.s[sc.i] == '[' {
				sc.advance(1)
			}
			sc.emit(start, sc.key())
		} else {
			sc.keyValue()
		}
		// What is left of the line is a closing bracket, the time of a
		// "date time" value, or a comment.
		if i := strings.IndexByte(sc.s[sc.i:], '\n'); i >= 0 {
			sc.advance(i + 1)
		} else {
			sc.i = len(sc.s)
		}
		if sc.i == start {
			sc.advance(1)
		}
	}
}

// skip skips spaces and tabs; with newlines also line breaks and comments.
func (sc *keyScanner) skip(newlines bool) {
	for !sc.eof() {
		switch sc.s[sc.i] {
		case ' ', '\t', '\r':
			sc.advance(1)
		case '\n':
			if !newlines {
				return
			}
			sc.advance(1)
		case '#':
			if !newlines {
				return
			}
			if i := strings.IndexByte(sc.s[sc.i:], '\n'); i >= 0 {
				sc.advance(i)
			} else {
				sc.i = len(sc.s)
			}
		default:
			return
		}
	}
}

// key reads a dotted key and returns its last part as written.
func (sc *keyScanner) key() (last string) {
	for {
		sc.skip(false)
		start := sc.i
		if !sc.eof() && (sc.s[sc.i] == '"' || sc.s[sc.i] == '\'') {
			sc.str()
		} else {
			for !sc.eof() && !strings.ContainsRune(" \t\r\n.=[]\"'#,{}", rune(sc.s[sc.i])) {
				sc.advance(1)
			}
		}
		last = sc.s[start:sc.i]
		sc.skip(false)
		if sc.eof() || sc.s[sc.i] != '.' {
			return last
		}
		sc.advance(1)
	}
}

// keyValue reads key = value, recording the key.
func (sc *keyScanner) keyValue() {
	start := sc.i
	sc.emit(start, sc.key())
	if sc.eof() || sc.s[sc.i] != '=' {
		return
	}
	sc.advance(1)
	sc.skip(false)
	sc.value()
}

// value reads one value: a string, an array, an inline table or a scalar.
func (sc *keyScanner) value() {
	if sc.eof() {
		return
	}
	if sc.depth >= maxDepth {
		sc.i = len(sc.s)
		return
	}
	sc.depth++
	defer func() { sc.depth-- }()
	switch c := sc.s[sc.i]; c {
	case '"', '\'':
		sc.str()
	case '[', '{':
		closing, item := byte(']'), sc.value
		if c == '{' {
			closing, item = '}', sc.keyValue
		}
		sc.advance(1)
		for {
			sc.skip(true)
			if sc.eof() {
				return
			}
			switch sc.s[sc.i] {
			case closing:
				sc.advance(1)
				return
			case ',':
				sc.advance(1)
			default:
				before := sc.i
				item()
				if sc.i == before {
					sc.advance(1)
				}
			}
		}
	default:
		sc.scalar()
	}
}

// scalar reads a number, boolean or date-time.
func (sc *keyScanner) scalar() {
	start := sc.i
	for !sc.eof() {
		c := sc.s[sc.i]
		// "1979-05-27 07:32:00": a date, one space, a time.
		if c == ' ' && sc.i-start == 10 && sc.s[start+4] == '-' && sc.i+1 < len(sc.s) && '0' <= sc.s[sc.i+1] && sc.s[sc.i+1] <= '9' {
			sc.advance(1)
			continue
		}
		if strings.IndexByte(" \t\r\n,]}#", c) >= 0 {
			return
		}
		sc.advance(1)
	}
}

// str reads a basic or literal string, single- or multi-line.
func (sc *keyScanner) str() {
	q := sc.s[sc.i]
	triple := strings.Repeat(string(q), 3)
	if strings.HasPrefix(sc.s[sc.i:], triple) {
		sc.advance(3)
		for !sc.eof() {
			switch {
			case q == '"' && sc.s[sc.i] == '\\':
				sc.advance(2)
			case strings.HasPrefix(sc.s[sc.i:], triple):
				sc.advance(3)
				// Up to two more quotes are content: """a""""" is `a""`.
				for n := 0; n < 2 && !sc.eof() && sc.s[sc.i] == q; n++ {
					sc.advance(1)
				}
				return
			default:
				sc.advance(1)
			}
		}
		return
	}
	sc.advance(1)
	for !sc.eof() {
		switch c := sc.s[sc.i]; {
		case c == '\n':
			return
		case q == '"' && c == '\\':
			sc.advance(2)
		case c == q:
			sc.advance(1)
			return
		default:
			sc.advance(1)
		}
	}
}
