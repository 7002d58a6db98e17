package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"

	"golang.org/x/oauth2"
)

// Credentials is the OAuth client of the person's own Google Cloud project:
// the "installed" section of the JSON that Google Cloud Console downloads for
// an OAuth client of type "Desktop app". The client secret of a desktop
// client is not a secret in the OAuth sense (Google says so), but it is
// still kept in a file only its owner can read.
type Credentials struct {
	Path         string // the file it was read from, for messages
	ClientID     string
	ClientSecret string
	AuthURL      string
	TokenURL     string
	RedirectURIs []string // as downloaded; debrief uses its own loopback address
}

// oauthClientFile is the shape of the downloaded file. A "Web application"
// client has the same fields under "web".
type oauthClientFile struct {
	Installed *oauthClientSection `json:"installed"`
	Web       *oauthClientSection `json:"web"`
}

type oauthClientSection struct {
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	AuthURI      string   `json:"auth_uri"`
	TokenURI     string   `json:"token_uri"`
	RedirectURIs []string `json:"redirect_uris"`
}

// Google's endpoints, used when the downloaded file leaves them out.
const (
	oauthGoogleAuthURL  = "https://accounts.google.com/o/oauth2/auth"
	oauthGoogleTokenURL = "https://oauth2.googleapis.com/token"
)

// ReadCredentials reads the OAuth client file at path. It refuses a file
// that group or others can read, a "Web application" client and a file
// without a client id; every error names the file and says what to do.
func ReadCredentials(path string) (*Credentials, error) {
	b, err := oauthReadPrivate(path, "credentials file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("credentials file %s does not exist: in Google Cloud Console (APIs & Services → Credentials) create an OAuth client ID of type \"Desktop app\", download its JSON and save it as %s with `chmod 600 %s` (step by step: https://github.com/debrief-dev/debrief/blob/main/docs/google.md): %w", path, path, path, err)
	}
	if err != nil {
		return nil, err
	}
	var f oauthClientFile
	if err := oauthDecodeJSON(b, &f); err != nil {
		return nil, fmt.Errorf("credentials file %s: %w: download the client's JSON again from Google Cloud Console", path, err)
	}
	if f.Installed == nil {
		if f.Web != nil {
			return nil, fmt.Errorf("credentials file %s holds a \"Web application\" OAuth client: debrief needs one of type \"Desktop app\"; create it in Google Cloud Console (APIs & Services → Credentials → Create credentials → OAuth client ID) and download its JSON", path)
		}
		return nil, fmt.Errorf("credentials file %s has no \"installed\" section: it is not the JSON of a \"Desktop app\" OAuth client; download that from Google Cloud Console (APIs & Services → Credentials)", path)
	}
	in := f.Installed
	if in.ClientID == "" {
		return nil, fmt.Errorf("credentials file %s: installed.client_id is empty: download the client's JSON again from Google Cloud Console", path)
	}
	c := &Credentials{
		Path:         path,
		ClientID:     in.ClientID,
		ClientSecret: in.ClientSecret,
		AuthURL:      in.AuthURI,
		TokenURL:     in.TokenURI,
		RedirectURIs: in.RedirectURIs,
	}
	if c.AuthURL == "" {
		c.AuthURL = oauthGoogleAuthURL
	}
	if c.TokenURL == "" {
		c.TokenURL = oauthGoogleTokenURL
	}
	for _, f := range []struct{ key, url string }{{"installed.auth_uri", c.AuthURL}, {"installed.token_uri", c.TokenURL}} {
		if p, err := url.Parse(f.url); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return nil, fmt.Errorf("credentials file %s: %s %q is not an http(s) URL: download the client's JSON again from Google Cloud Console", path, f.key, f.url)
		}
	}
	return c, nil
}

// config returns the oauth2 configuration of the client for the given
// redirect address (empty when only refreshing).
func (c *Credentials) config(redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:  c.AuthURL,
			TokenURL: c.TokenURL,
			// Google takes the client in the form body; saying so avoids
			// oauth2's probe, which doubles every failing request.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURL,
		Scopes:      Scopes,
	}
}

// oauthReadPrivate reads a file that holds a secret, refusing it when group
// or others may read or write it. what names the file in messages.
func oauthReadPrivate(path, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s %s is a directory: name a file", what, path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%s %s can be read by other users (mode %04o): run `chmod 600 %s`", what, path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	return b, nil
}

// oauthDecodeJSON decodes b into v and turns a syntax or type error into
// one that says where in the file it is.
func oauthDecodeJSON(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syn):
		line, col := oauthLineCol(b, syn.Offset-1) // Offset is just past the bad byte
		return fmt.Errorf("line %d, column %d: invalid JSON: %w", line, col, err)
	case errors.As(err, &typ):
		line, col := oauthLineCol(b, typ.Offset-1)
		return fmt.Errorf("line %d, column %d: %w", line, col, err)
	default:
		return fmt.Errorf("invalid JSON: %w", err)
	}
}

// oauthLineCol returns the 1-based line and column of the byte at index i.
func oauthLineCol(b []byte, i int64) (line, col int) {
	before := b[:min(max(i, 0), int64(len(b)))]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
