// Command debrief watches a Google Calendar for job interviews, blocks the
// 30 minutes after each one for reflection, nudges the person when the
// interview ends, keeps their reflections as local JSON files (the recruiting
// notebook) and chases the follow-ups.
//
// Usage:
//
//	debrief [--config PATH] COMMAND [ARGS]
//
// The configuration is read from --config, else $DEBRIEF_CONFIG, else
// $XDG_CONFIG_HOME/debrief/config.toml. Exit status: 0 success, 1 runtime
// failure, 2 usage or configuration error. Run `debrief help` for the commands;
// the README describes each of them.
package main
