// Package treestate snapshots a directory tree for tests that prove
// something wrote nothing: every path with its mode, modification time and
// content, to compare before and after (calendar's and notebook's
// read-only modes, `debrief plan`).
//
// It must not be imported by non-test code.
package treestate
