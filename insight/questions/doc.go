// Package questions is the question bank: every question noted in the
// notebook's records, the wordings of one question grouped (Build), what
// to practise next (PracticeScore), and the person's corrections to the
// grouping (Merge, Split), which it keeps in one file in the notebook
// folder (File).
//
// Everything but Load, Save, Merge and Split is a pure function of the
// records and the options: it reads no file and no clock. How two
// wordings are compared is in match.go; how forms are grouped, in
// cluster.go. docs/questions.md says it for people.
//
// It must not know about calendars, notifications or the web app: the
// commands and the web app call it.
package questions
