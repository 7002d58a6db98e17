package calendar

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oauthDesktopClientJSON is the shape Google Cloud Console downloads for a
// "Desktop app" OAuth client (identifiers made up).
const oauthDesktopClientJSON = `{"installed":{"client_id":"1234-abc.apps.googleusercontent.com","project_id":"debrief-test","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","auth_provider_x509_cert_url":"https://www.googleapis.com/oauth2/v1/certs","client_secret":"GOCSPX-made-up","redirect_uris":["http://localhost"]}}`

// tokenWriteFile writes content to name in a fresh temp dir with the mode.
func tokenWriteFile(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode is filtered by the umask.
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadCredentials(t *testing.T) {
	path := tokenWriteFile(t, "credentials.json", oauthDesktopClientJSON, 0o600)
	got, err := ReadCredentials(path)
	if err != nil {
		t.Fatalf("ReadCredentials: %v", err)
	}
	want := &Credentials{
		Path:         path,
		ClientID:     "1234-abc.apps.googleusercontent.com",
		ClientSecret: "GOCSPX-made-up",
		AuthURL:      "https://accounts.google.com/o/oauth2/auth",
		TokenURL:     "https://oauth2.googleapis.com/token",
		RedirectURIs: []string{"http://localhost"},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("ReadCredentials (-got +want):\n%s", diff)
	}
}

func TestReadCredentialsDefaultsEndpoints(t *testing.T) {
	path := tokenWriteFile(t, "credentials.json", `{"installed":{"client_id":"x","client_secret":"y"}}`, 0o600)
	got, err := ReadCredentials(path)
	if err != nil {
		t.Fatalf("ReadCredentials: %v", err)
	}
	if got.AuthURL != oauthGoogleAuthURL || got.TokenURL != oauthGoogleTokenURL {
		t.Errorf("endpoints = %q, %q, want Google's", got.AuthURL, got.TokenURL)
	}
}

func TestReadCredentialsErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string // "" with missing: no file at all
		mode    os.FileMode
		missing bool
		want    []string // substrings of the error, {path} replaced
		is      error
	}{
		{
			name:    "missing-file",
			missing: true,
			want:    []string{"{path} does not exist", "Desktop app", "save it as {path}", "chmod 600 {path}"},
			is:      fs.ErrNotExist,
		},
		{
			name:    "readable-by-others",
			content: oauthDesktopClientJSON,
			mode:    0o644,
			want:    []string{"can be read by other users (mode 0644)", "run `chmod 600 {path}`"},
		},
		{
			name:    "writable-by-group",
			content: oauthDesktopClientJSON,
			mode:    0o620,
			want:    []string{"mode 0620", "chmod 600 {path}"},
		},
		{
			name:    "web-client",
			content: `{"web":{"client_id":"x","client_secret":"y","auth_uri":"https://a","token_uri":"https://t"}}`,
			mode:    0o600,
			want:    []string{"{path}", "\"Web application\"", "\"Desktop app\""},
		},
		{
			name:    "neither-section",
			content: `{"type":"service_account","client_email":"x@y"}`,
			mode:    0o600,
			want:    []string{"{path}", "no \"installed\" section"},
		},
		{
			name:    "no-client-id",
			content: `{"installed":{"client_secret":"y"}}`,
			mode:    0o600,
			want:    []string{"{path}", "installed.client_id is empty"},
		},
		{
			name:    "syntax-error-line-column",
			content: "{\n  \"installed\": {\n    \"client_id\": \"x\",,\n  }\n}\n",
			mode:    0o600,
			want:    []string{"{path}", "line 3, column 22", "invalid JSON"},
		},
		{
			name:    "wrong-type",
			content: "{\"installed\": {\n\"client_id\": 12}}",
			mode:    0o600,
			want:    []string{"{path}", "line 2"},
		},
		{
			name:    "truncated",
			content: `{"installed": {"client_id": "x"`,
			mode:    0o600,
			want:    []string{"{path}", "invalid JSON"},
		},
		{
			name:    "bad-token-uri",
			content: `{"installed":{"client_id":"x","client_secret":"y","token_uri":"oauth2.googleapis.com/token"}}`,
			mode:    0o600,
			want:    []string{"{path}", "installed.token_uri", "not an http(s) URL"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var path string
			if tt.missing {
				path = filepath.Join(t.TempDir(), "credentials.json")
			} else {
				path = tokenWriteFile(t, "credentials.json", tt.content, tt.mode)
			}
			got, err := ReadCredentials(path)
			if err == nil {
				t.Fatalf("ReadCredentials = %+v, want an error", got)
			}
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "{path}", path)
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ReadCredentials error = %q, want it to contain %q", err, w)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("ReadCredentials error = %v, want errors.Is %v", err, tt.is)
			}
		})
	}
}
