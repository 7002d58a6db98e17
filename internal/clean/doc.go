// Package clean makes text that came from a calendar (titles, descriptions,
// names, locations) safe to store and show. It owns one set of rules, used
// everywhere such text enters debrief: the daemon when it files a record,
// the notifier, the notebook's exports and the commands that print records.
//
// What goes: C0 and C1 control characters (a tab becomes a space), the
// bidirectional formatting characters (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069), the zero-width space U+200B and the byte
// order mark U+FEFF. Invalid UTF-8 becomes U+FFFD. Line breaks (LF, CR, CR
// LF, U+2028, U+2029) become one "\n" in Text and a space in Line.
// The result is cut to a number of runes, the last of them "…" when
// anything was cut. Zero-width joiners stay: emoji and several scripts need
// them.
//
// Bidi characters go because they make text display in an order other than
// the one it is stored in ("Trojan Source"): an event title could make a
// notification or `debrief show` read differently from what the calendar
// holds. Control characters go because they drive terminals.
//
// The package must not decide what a text means (that is detection's job)
// nor escape it for a markup language (that is the renderer's).
package clean
