package secret

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"google-secret-address", "https://calendar.google.com/calendar/ical/me%40gmail.com/private-0123abcd/basic.ics", "https://calendar.google.com/…"},
		{"icloud-webcal", "webcal://p12-caldav.icloud.com/published/2/MTIzNDU2Nzg5", "webcal://p12-caldav.icloud.com/…"},
		{"user-in-url", "https://me:pw@dav.example.com/", "https://dav.example.com/…"},
		{"query-token", "https://example.com/?token=s3cret", "https://example.com/…"},
		{"host-only", "https://example.com", "https://example.com/"},
		{"file-path", "/home/me/cal.ics", "/home/me/cal.ics"},
		{"file-url", "file:///home/me/cal.ics", "file:///home/me/cal.ics"},
		{"garbage", "not a url", "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactURL(tt.in); got != tt.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		want    string
		wantErr string
	}{
		{"private", write("ok", "  s3cret  \nignored\n", 0o600), "s3cret", ""},
		{"readable-by-group", write("group", "s3cret\n", 0o640), "", "run `chmod 600 " + filepath.Join(dir, "group") + "`"},
		{"empty", write("empty", "\n", 0o600), "", "is empty"},
		{"missing", filepath.Join(dir, "none"), "", "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile(tt.path, "password file")
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("ReadFile = %q, %v, want error containing %q", got, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ReadFile = %q, want %q", got, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q shows the secret", err)
			}
		})
	}
}

func TestCommand(t *testing.T) {
	got, err := Command(t.Context(), []string{"printf", "pw-from-manager\\nsecond line\\n"})
	if err != nil || got != "pw-from-manager" {
		t.Errorf("Command(printf) = %q, %v, want %q", got, err, "pw-from-manager")
	}
	if _, err := Command(t.Context(), []string{"false"}); err == nil {
		t.Error("Command(false) = nil error, want one")
	}
	if _, err := Command(t.Context(), []string{"true"}); err == nil || !strings.Contains(err.Error(), "printed nothing") {
		t.Errorf("Command(true) = %v, want printed nothing", err)
	}
}
