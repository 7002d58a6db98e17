// Package insight learns across the notebook's records: the question bank,
// company timelines, pre-interview briefings, trends and the weekly review.
// Pure functions of records and now.
package insight
