package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// table is one [table] of the file and its keys, in declaration order.
type table struct {
	name string
	keys []string
}

// tables lists the tables of Config, read from its toml tags.
var tables = func() []table {
	var ts []table
	ct := reflect.TypeFor[Config]()
	for f := range ct.Fields() {
		t := table{name: tagName(f)}
		for k := range tableType(f.Type).Fields() {
			t.keys = append(t.keys, tagName(k))
		}
		ts = append(ts, t)
	}
	return ts
}()

// tableType is the struct of a [table], or of each [[table]] entry.
func tableType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Slice {
		return t.Elem()
	}
	return t
}

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// leafKeys returns every settable key as "table.key", in declaration order.
func leafKeys() []string {
	var ks []string
	for _, t := range tables {
		for _, k := range t.keys {
			ks = append(ks, t.name+"."+k)
		}
	}
	return ks
}

// unknownKeys turns the keys that are not exactly a table or a key of Config
// into errors, one per unknown table or key (not one per key inside an
// unknown table), each with a suggestion when a known name is close. The
// decoder matches names case-insensitively, so checking md.Undecoded alone
// would let "Backend" through; TOML keys are case-sensitive and so is debrief.
// isTable tells whether a one-part key is a table rather than a value.
func unknownKeys(file string, keys []toml.Key, lines map[string]int, isTable func(toml.Key) bool) []error {
	var errs []error
	reported := map[string]bool{}
	for _, k := range keys {
		head, msg := explainUnknown(k, len(k) > 1 || isTable(k))
		if head == nil || reported[head.String()] {
			continue
		}
		reported[head.String()] = true
		line, ok := lines[head.String()]
		if !ok {
			line = lines[k.String()]
		}
		errs = append(errs, &Error{File: file, Line: line, Key: head.String(), Msg: msg})
	}
	return errs
}

// explainUnknown finds the first part of k that names nothing and says what
// was probably meant; topTable tells whether k[0] is used as a table. It
// returns a nil head when every part is known (the decoder then reported a
// type mismatch already).
func explainUnknown(k toml.Key, topTable bool) (head toml.Key, msg string) {
	ti := slices.IndexFunc(tables, func(t table) bool { return t.name == k[0] })
	if ti < 0 {
		head = k[:1]
		names := make([]string, len(tables))
		for i, t := range tables {
			names[i] = t.name
		}
		if topTable {
			return head, fmt.Sprintf("unknown table [%s] %s", head, suggest(k[0], names, "[", "]", "tables are"))
		}
		// A value written above every [table] header.
		if ts := tablesOf(k[0]); len(ts) > 0 {
			return head, fmt.Sprintf("key %s is outside any table: move it below the %s header", head, strings.Join(ts, " or "))
		}
		return head, fmt.Sprintf("unknown key %s: every key belongs in a table, and the tables are %s", head, strings.Join(names, ", "))
	}
	if len(k) == 1 {
		return nil, ""
	}
	t := tables[ti]
	if slices.Contains(t.keys, k[1]) {
		return nil, ""
	}
	head = k[:2]
	if ts := tablesOf(k[1]); len(ts) > 0 {
		return head, fmt.Sprintf("unknown key %s: %s belongs in %s, not [%s]", head, k[1], strings.Join(ts, " or "), t.name)
	}
	return head, fmt.Sprintf("unknown key %s %s", head, suggest(k[1], t.keys, t.name+".", "", "keys of ["+t.name+"] are"))
}

// tablesOf returns the tables that have key, as "[name]".
func tablesOf(key string) []string {
	var found []string
	for _, t := range tables {
		if slices.Contains(t.keys, key) {
			found = append(found, "["+t.name+"]")
		}
	}
	return found
}

// suggest says "(did you mean X?)" when one of names is close to got, else
// lists the names.
func suggest(got string, names []string, prefix, suffix, listIntro string) string {
	if best, ok := closest(got, names); ok {
		if strings.EqualFold(best, got) {
			return fmt.Sprintf("(keys are case-sensitive: write %s%s%s)", prefix, best, suffix)
		}
		return fmt.Sprintf("(did you mean %s%s%s?)", prefix, best, suffix)
	}
	return fmt.Sprintf("(the %s %s)", listIntro, strings.Join(names, ", "))
}

// closest returns the name nearest to got by edit distance, if it is close
// enough to be a typo: one edit per five letters, at least one.
func closest(got string, names []string) (string, bool) {
	best, bestD := "", -1
	for _, n := range names {
		d := editDistance(strings.ToLower(got), n)
		if d <= 1+len(n)/5 && (bestD < 0 || d < bestD) {
			best, bestD = n, d
		}
	}
	return best, bestD >= 0
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
