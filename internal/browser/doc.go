// Package browser opens a web address in the person's browser, the same way
// for every caller (`debrief open`, `debrief auth`, the daemon's
// notification buttons): $BROWSER when it is set, else the desktop's opener.
//
// It must not know what the page is: callers build the address.
package browser
