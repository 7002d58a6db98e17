// Package daemon is debrief's run loop: interview detection, block planning,
// the alert ledger and scheduling on the wall clock. It declares the small
// interfaces it consumes of the calendar and the notifier.
package daemon
