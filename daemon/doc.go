// Package daemon is debrief's run loop: interview detection, block planning,
// the alert ledger and scheduling on the wall clock. It declares the small
// interfaces it consumes of the calendar (Calendar) and the notifier
// (Notifier); cmd/debrief passes the concrete adapters to New.
//
// The decisions are pure functions of data and now, and carry most of the
// tests: Detect (is this event an interview, with which company), Interviews
// and Groups, PlanBlocks (the block inserts, moves and deletes) and Due (the
// alerts due, or dropped because they no longer matter). A Daemon reads the
// clock once per tick, runs them on the last known events, the notebook and
// the ledger, and applies the result: records, calendar writes,
// notifications.
//
// Entry points: Run (the loop of `debrief daemon`), Once (`--once`) and Plan
// (`debrief plan`, writes nothing). State lives in Config.StateDir:
// ledger.json (alerts sent or dropped, blocks written or deleted by the
// person) and overrides.json (`debrief mark`, see SetOverride), both written
// atomically.
package daemon
