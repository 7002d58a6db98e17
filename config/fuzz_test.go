package config

import (
	"bytes"
	"os"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

// FuzzLoad feeds arbitrary bytes to the parser behind Load. It must never
// panic; a config it accepts must pass Validate and survive a round trip
// through the TOML encoder unchanged; and for any document the decoder
// accepts, keyLines must line up with the decoder's keys.
func FuzzLoad(f *testing.F) {
	example, err := os.ReadFile(examplePath)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(example),
		"",
		"[block]\nduraton = \"30m\"\n",
		"[calendar]\ncalendars = [\"primary\", \"work@group.calendar.google.com\"]\nendpoint = \"http://127.0.0.1:1\"\nauth = \"none\"\n",
		"block = { duration = \"45m\", min_duration = \"5m\" }\n",
		"[alerts]\nthank_you = [\"1h\", \"\"\"20h\"\"\"]\nfollow_up_time = \"23:59\"\n",
		"[notify]\nbackend = \"command\"\ncommand = ['notify-send', '{title}', \"{body}\"]\n",
		"[notebook]\ndir = \"notes\"\n[state]\ndir = \"~/s\"\n",
		"a = [\n1, # x\n]\n[[t]]\n'k' . \"q\" = 1979-05-27 07:32:00Z\n",
		"\ufeff[block]\r\nenabled = false\r\n",
	} {
		f.Add([]byte(s))
	}
	getenv := env(map[string]string{"HOME": "/home/u"})
	f.Fuzz(func(t *testing.T, data []byte) {
		var m map[string]any
		if md, err := toml.Decode(string(data), &m); err == nil && len(md.Keys()) > 0 {
			if keyLines(string(data), md.Keys()) == nil {
				t.Errorf("keyLines(%q) does not line up with the decoder's keys %v", data, md.Keys())
			}
		}

		cfg, err := parse("/etc/debrief/config.toml", data, "/etc/debrief", false, getenv)
		if err != nil {
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("Load accepted %q but Validate says: %v", data, err)
		}
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(cfg); err != nil {
			t.Fatalf("encode %+v: %v", cfg, err)
		}
		again, err := parse("/etc/debrief/config.toml", buf.Bytes(), "/etc/debrief", false, getenv)
		if err != nil {
			t.Fatalf("Load accepted %q but not its re-encoding:\n%s\n%v", data, buf.Bytes(), err)
		}
		if diff := cmp.Diff(again, cfg); diff != "" {
			t.Fatalf("round trip of %q changed the config (-again +first):\n%s", data, diff)
		}
	})
}
