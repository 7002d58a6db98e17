// Package insight learns across the notebook's records: the question bank,
// company timelines, pre-interview briefings, trends and the weekly review.
// Pure functions of records and now. Its charts are drawn by
// insight/chart, which the commands and the web app import and the daemon
// does not, so the daemon does not link the drawing code and its fonts.
//
// It must not read files or draw charts (insight/chart draws).
package insight
