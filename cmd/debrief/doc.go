// Command debrief watches a Google Calendar for job interviews, blocks the
// 30 minutes after each one for reflection, nudges the person when the
// interview ends, keeps their reflections as local JSON files (the recruiting
// notebook) and chases the follow-ups.
//
// Usage:
//
//	debrief [--config PATH] COMMAND [ARGS]
//
// The configuration is read from --config (accepted before or after the
// command name), else $DEBRIEF_CONFIG, else $XDG_CONFIG_HOME/debrief/config.toml
// (~/.config/debrief/config.toml). A missing file at the default path means
// the defaults; config.example.toml lists every key with its default.
// DEBRIEF_LOG sets the log level (debug, info, warn, error).
//
// Exit status: 0 success, 1 runtime failure, 2 usage or configuration error.
// Errors go to stderr as one sentence saying what to do.
//
// Getting started:
//
//	init [--yes] [flags]   guided set-up: config, credentials, sign-in, calendars, a test notification, the service
//	demo [--fast] [--keep] the whole loop against an embedded fake calendar; touches nothing real
//	version                the version and commit this binary was built from (also --version)
//	completion bash|zsh|fish
//	                       print the shell completions (commands, flags, record ids)
//
// Calendar and daemon:
//
//	auth [--source NAME] [--no-browser]
//	                       sign in to Google (loopback redirect, PKCE) and save the token 0600;
//	                       --source: that Google source's account
//	daemon [--once]        run the loop: sync, detect interviews, write blocks, send alerts
//	plan [--all]           dry run: interviews found, blocks and alerts it would write; writes nothing
//	doctor                 check config, credentials, token, calendars, notifications, permissions
//	mark EVENT interview|not-interview|auto
//	                       force one event to be, or not be, an interview (kept across restarts)
//
// The notebook (ID is a record id or any unique prefix of it):
//
//	add [--company C --at TIME ...]
//	                       record an interview that is not on the calendar (a phone call)
//	reflect [ID] [--file F | --edit | --prompt]
//	                       fill in the reflection ($EDITOR on a terminal, prompts otherwise)
//	form ID                print the prefilled Markdown form
//	list [--json] [--company NAME] [--since DATE] [--pending]
//	show ID [--json]       one record, readable or as stored
//	set ID company|position "VALUE" [--all]
//	                       correct the company or position; later invitations from the same
//	                       organizer or series follow; --all renames the old company everywhere
//	followups [--all]      thank-you notes and follow-ups due or overdue
//	done ID thank-you|follow-up [--on DATE]
//	outcome ID next-round|offer|rejected|withdrawn|no-response [--on DATE]
//	thank-you ID [--mailto] draft the thank-you note from the record
//	export [--format md|json|csv] [--questions] [--out FILE]
//
// Learning across interviews:
//
//	questions [--json] [--top N]  the question bank, alike wordings grouped, what to practise
//	questions merge A B           A and B are one question (#numbers or text), kept in the notebook folder
//	questions split A             #A's wordings, or the wording A, are questions of their own
//	company NAME [--json]         every round with one company, in order
//	brief ID [--json]             before an interview: earlier rounds, their questions, open items
//	stats [--chart DIR] [--json]  trends: ratings, rounds, themes, reflection delay, follow-ups
//	review [--week DATE]          the weekly review
//
// Each command prints its own flags with --help (or debrief help COMMAND).
// docs/manual.md describes each command, docs/configuration.md every
// configuration key, docs/install.md the ways to install; the man page
// debrief(1) is made from this comment and the commands' flags.
package main

// For maintainers (not part of the manual above, which is the man page's
// source): this package owns the flags, the subcommands, the wiring of
// concrete types and the exit codes. It must not hold logic that a test of
// another package would need: commands parse flags, wire concrete types and
// print.
