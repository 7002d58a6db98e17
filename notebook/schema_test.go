package notebook

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// mustSchema compiles the embedded JSON Schema with format assertions on,
// so "date" and "date-time" are checked, not just annotated.
func mustSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("record.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// validateJSON validates one JSON document against the record schema.
func validateJSON(t testing.TB, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(v)
}

func TestSchemaGolden(t *testing.T) {
	sch := mustSchema(t)
	for _, name := range []string{"fresh.json", "full.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(t, sch, data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSchemaAgreesWithStruct: a record with every field set, as Go writes
// it, validates, and since the schema forbids unknown keys at every level,
// each JSON key of the struct is in the schema. The golden full.json is
// that record; TestGoldenRecords checks it sets every field.
func TestSchemaAgreesWithStruct(t *testing.T) {
	sch := mustSchema(t)
	if err := validateJSON(t, sch, mustMarshal(t, fullRecord(t))); err != nil {
		t.Errorf("full record: %v", err)
	}
	// Each required key of the schema is one Go always writes: dropping
	// it fails.
	for _, key := range []string{"schema", "id", "revision", "interview", "follow_up", "created", "updated"} {
		var m map[string]any
		if err := json.Unmarshal(mustMarshal(t, freshRecord(t)), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, key)
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(t, sch, data); err == nil {
			t.Errorf("record without %q validated, want an error", key)
		}
	}
}

func TestSchemaRejects(t *testing.T) {
	sch := mustSchema(t)
	full := string(mustMarshal(t, fullRecord(t)))
	for _, tc := range []struct{ name, old, new string }{
		{"rating-11", `"rating": 7`, `"rating": 11`},
		{"rating-string", `"rating": 7`, `"rating": "7"`},
		{"confidence-0", `"confidence": 6`, `"confidence": 0`},
		{"bad-date", `"reply_expected_by": "2026-03-20"`, `"reply_expected_by": "2026-02-30"`},
		{"date-as-instant", `"reply_expected_by": "2026-03-20"`, `"reply_expected_by": "2026-03-20T00:00:00Z"`},
		{"bad-instant", `"created": "2026-03-13T15:00:05Z"`, `"created": "yesterday"`},
		{"unknown-key", `"round": "technical screen"`, `"round": "technical screen", "vibe": "good"`},
		{"bad-format", `"format": "video"`, `"format": "telepathy"`},
		{"bad-outcome", `"outcome": "next-round"`, `"outcome": "ghosted"`},
		{"difficult-string", `"difficult": true`, `"difficult": "yes"`},
		{"newer-schema", `"schema": 2`, `"schema": 3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(full, tc.old) {
				t.Fatalf("full record has no %s", tc.old)
			}
			data := strings.Replace(full, tc.old, tc.new, 1)
			if err := validateJSON(t, sch, []byte(data)); err == nil {
				t.Errorf("record with %s validated, want an error", tc.new)
			}
		})
	}
}

// TestSchemaWrittenRecords validates what Create and Update write, and a
// schema 0 record once read and rewritten.
func TestSchemaWrittenRecords(t *testing.T) {
	sch := mustSchema(t)
	b := mustOpen(t, t.TempDir())
	fresh := freshRecord(t)
	if err := b.Create(fresh); err != nil {
		t.Fatal(err)
	}
	manual := &Record{Interview: Details{Company: "Hooli"}}
	if err := b.Create(manual); err != nil {
		t.Fatal(err)
	}
	full := fullRecord(t)
	if _, err := b.Update(fresh.ID, func(r *Record) error {
		created := r.Created
		*r = *full
		r.Created = created
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("testdata/schema0.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := validateJSON(t, sch, old); err == nil {
		t.Error("schema0.json validated as schema 2, want an error (no schema key)")
	}
	if err := os.WriteFile(filepath.Join(b.Dir(), "2025-11-03-initech-0a1b2c3d4e.json"), old, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update("0a1b2c3d4e", func(r *Record) error { return nil }); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(b.Dir(), "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("notebook holds %d files, want 3: %v", len(files), files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(t, sch, data); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}
