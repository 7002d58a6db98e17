package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/debrief-dev/debrief/calendar"
)

// doctorRun runs `debrief doctor` with the setup's config and env.
func doctorRun(t *testing.T, s *e2eSetup, env map[string]string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		switch k {
		case "HOME":
			return s.home
		case "TMPDIR":
			return s.dir
		case "PATH":
			return os.Getenv("PATH")
		}
		return ""
	}
	err := run(t.Context(), []string{"--config", s.config, "doctor"}, strings.NewReader(""), &out, &errOut, getenv)
	return out.String() + errOut.String(), err
}

func mustMkdir(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(dir, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
}

func TestDoctorGood(t *testing.T) {
	s := newE2E(t)
	mustMkdir(t, s.notebook, 0o700)
	mustMkdir(t, s.state, 0o700)
	if err := os.WriteFile(filepath.Join(s.notebook, "2026-03-02-acme-0123456789.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(s.home, ".config/systemd/user/debrief.service")
	mustMkdir(t, filepath.Dir(unit), 0o700)
	self, _ := os.Executable()
	if err := os.WriteFile(unit, []byte("[Service]\nExecStart="+self+" daemon\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := doctorRun(t, s, map[string]string{"XDG_CONFIG_HOME": filepath.Join(s.home, ".config")})
	if err != nil {
		t.Fatalf("doctor on a good setup: %v\n%s", err, out)
	}
	for _, want := range []string{
		"OK    config: " + s.config + " loads",
		`OK    credentials: calendar.auth is "none"`,
		`OK    calendar "primary" (blocks are written here): reachable at ` + s.fake.Endpoint(),
		"OK    notifications: notifications run " + self,
		"OK    notebook permissions: " + s.notebook + " and its 1 entries are private",
		"OK    state permissions: " + s.state + " and its 0 entries are private",
		"INFO  systemd: user unit installed at " + unit,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "FAIL") {
		t.Errorf("doctor on a good setup reports a failure:\n%s", out)
	}
	// Doctor writes nothing: the calendar check's state is temporary.
	if entries, _ := os.ReadDir(s.state); len(entries) != 0 {
		t.Errorf("doctor wrote into the state directory: %v", entries)
	}
	for _, r := range s.fake.Requests() {
		if r.Method != "POST" || !strings.HasSuffix(r.Path, "/freeBusy") {
			t.Errorf("doctor sent %s %s, want only free/busy queries", r.Method, r.Path)
		}
	}
}

func TestDoctorBroken(t *testing.T) {
	t.Run("permissions-endpoint-bus", func(t *testing.T) {
		s := newE2E(t)
		s.writeConfig(t, "")
		c, _ := os.ReadFile(s.config)
		c = bytes.Replace(c, []byte(`backend = "command"`), []byte(`backend = "desktop"`), 1)
		os.WriteFile(s.config, c, 0o600)
		s.fake.Close() // nothing answers at the endpoint any more
		mustMkdir(t, s.notebook, 0o755)
		mustMkdir(t, s.state, 0o700)
		if err := os.WriteFile(filepath.Join(s.notebook, "r.json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := doctorRun(t, s, map[string]string{"XDG_RUNTIME_DIR": s.dir})
		if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "2 checks failed") {
			t.Errorf("doctor = %v, want exit 1 with 2 checks failed\n%s", err, out)
		}
		for _, want := range []string{
			`FAIL  calendar "primary" (blocks are written here): `,
			"calendar unavailable", "connection refused",
			"check the network, and calendar.endpoint if you set it",
			"WARN  notifications: no session bus",
			"systemctl --user import-environment DISPLAY DBUS_SESSION_BUS_ADDRESS",
			"FAIL  notebook permissions: others can read what is in " + s.notebook,
			"chmod 700 " + s.notebook + "   # now 0755",
			"chmod 600 " + filepath.Join(s.notebook, "r.json") + "   # now 0644",
			"OK    state permissions",
			"INFO  systemd: no user unit at",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("doctor output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("records-you-cannot-read", func(t *testing.T) {
		s := newE2E(t)
		s.writeConfig(t, "")
		mustMkdir(t, s.notebook, 0o700)
		mustMkdir(t, s.state, 0o700)
		rec := filepath.Join(s.notebook, "2026-03-13-acme-abcd123456.json")
		if err := os.WriteFile(rec, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		// As root every file can be read: a file of another user is what
		// a `sudo debrief` leaves behind. Otherwise, a file without read
		// permission.
		want := []string{"1 file you cannot read", rec + "   # permission denied"}
		if os.Geteuid() == 0 {
			if err := os.Chown(rec, 65534, 65534); err != nil {
				t.Fatal(err)
			}
			want = []string{"1 file owned by another user (made with sudo? debrief cannot save changes to them):", rec + "   # owned by uid 65534"}
		} else if err := os.Chmod(rec, 0); err != nil {
			t.Fatal(err)
		}
		out, err := doctorRun(t, s, nil)
		if err == nil || exitCode(err) != 1 {
			t.Errorf("doctor = %v, want exit 1\n%s", err, out)
		}
		for _, w := range append(want, "FAIL  notebook files: ", "sudo chown -R $(id -un): "+s.notebook) {
			if !strings.Contains(out, w) {
				t.Errorf("doctor output lacks %q:\n%s", w, out)
			}
		}
	})

	t.Run("oauth", func(t *testing.T) {
		s := newE2E(t)
		creds := filepath.Join(s.dir, "credentials.json")
		token := filepath.Join(s.dir, "token.json")
		s.writeConfig(t, "")
		c, _ := os.ReadFile(s.config)
		c = bytes.Replace(c, []byte(`auth = "none"`), []byte(`auth = "oauth"`+"\ncredentials_file = \""+creds+"\"\ntoken_file = \""+token+"\""), 1)
		os.WriteFile(s.config, c, 0o600)
		os.WriteFile(creds, []byte(`{"web":{"client_id":"x"}}`), 0o600)
		out, err := doctorRun(t, s, nil)
		if err == nil || exitCode(err) != 1 {
			t.Errorf("doctor = %v, want exit 1\n%s", err, out)
		}
		for _, want := range []string{
			`FAIL  credentials: credentials file ` + creds + ` holds a "Web application" OAuth client`,
			"FAIL  token: no token at " + token + ": run `debrief auth`",
			"SKIP  calendar: not tried: it needs the credentials and the token above",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("doctor output lacks %q:\n%s", want, out)
			}
		}
		if n := len(s.fake.Requests()); n != 0 {
			t.Errorf("%d requests reached the calendar without a token", n)
		}

		// A good client and a token readable by others.
		os.WriteFile(creds, []byte(`{"installed":{"client_id":"client-1.apps.googleusercontent.com","client_secret":"s"}}`), 0o600)
		if err := calendar.SaveToken(token, &oauth2.Token{AccessToken: "a", RefreshToken: "r", Expiry: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		os.Chmod(token, 0o644)
		out, _ = doctorRun(t, s, nil)
		for _, want := range []string{
			"OK    credentials: " + creds + " holds a Desktop app OAuth client",
			"FAIL  token: ",
			"chmod 600 " + token,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("doctor output lacks %q:\n%s", want, out)
			}
		}
		os.Chmod(token, 0o600)
		out, _ = doctorRun(t, s, nil)
		for _, want := range []string{
			"OK    token: " + token + " holds a refresh token",
			`OK    calendar "primary" (blocks are written here): reachable`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("doctor output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("config", func(t *testing.T) {
		s := newE2E(t)
		os.WriteFile(s.config, []byte("[calendar]\npoll_interval = \"1s\"\n"), 0o600)
		out, err := doctorRun(t, s, nil)
		if err == nil || exitCode(err) != 1 {
			t.Errorf("doctor = %v, want exit 1", err)
		}
		if want := "FAIL  config: " + s.config + ":2: calendar.poll_interval is 1s: set it to 5s or more"; !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	})
}
