// Package daemon is debrief's run loop: interview detection, block planning,
// the alert ledger and scheduling on the wall clock. It declares the small
// interfaces it consumes of the calendar (Calendar), the notifier (Notifier,
// and Buttons when it shows buttons) and the web app (Pages); cmd/debrief
// passes the concrete adapters to New.
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
// (`debrief plan`, writes nothing; with Config.ReadOnly, a calendar and a
// notebook opened read-only, it creates no file either). A pass computes
// first (compute, pure but for reading the notebook) and applies after:
// the records (records.go), the block writes (apply), the alerts (alert);
// loop.go holds the loop and problems.go the problems told to the person
// once. State lives in Config.StateDir:
// ledger.json (alerts sent or dropped, blocks written or deleted by the
// person, the notifications on display with buttons, snoozed reminders) and
// overrides.json (`debrief mark`, see SetOverride), both written atomically.
//
// The buttons (actions.go): the person's choice arrives on the notifier's
// goroutine, is handed to Run through a channel and acted on between passes:
// a page of the web app opened in the browser (Config.Open), a reminder
// snoozed, an event marked not an interview, a follow-up marked done.
//
// It must not import the concrete types of notify, web or the calendar
// sources: it declares the small interfaces it consumes.
package daemon
