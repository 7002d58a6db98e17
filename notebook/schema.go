package notebook

import _ "embed"

// JSONSchema is the JSON Schema (draft 2020-12) of a stored record of
// SchemaVersion, strict: no unknown keys, typed values, ratings 1–10, dates
// as RFC 3339 full-dates. Tests validate real records against it; other
// tools reading the notebook may too.
//
//go:embed record.schema.json
var JSONSchema []byte
