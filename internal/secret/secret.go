package secret

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

// ReadFile returns the first line of the file at path, trimmed. It refuses
// a file that group or others can read, naming the chmod that fixes it,
// and an empty file; what names the secret in messages ("password file").
func ReadFile(path, what string) (string, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s %s does not exist: create it with the secret on one line, then `chmod 600 %s`: %w", what, path, path, err)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return "", fmt.Errorf("%s %s can be read by others (mode %04o): run `chmod 600 %s`", what, path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", what, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSpace(line)
	if line == "" {
		return "", fmt.Errorf("%s %s is empty: write the secret on its first line", what, path)
	}
	return line, nil
}

// Command runs argv (no shell) and returns the first line of its output,
// trimmed, as password managers print it (`pass show NAME`, `secret-tool
// lookup …`). It is bounded by ctx and a 30-second deadline; the error
// names the program, never its output.
func Command(ctx context.Context, argv []string) (string, error) {
	if len(argv) == 0 || argv[0] == "" {
		return "", errors.New("password command is empty")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("password command %s failed (run it yourself to see why): %w", argv[0], err)
	}
	line, _, _ := strings.Cut(out.String(), "\n")
	line = strings.TrimSpace(line)
	if line == "" {
		return "", fmt.Errorf("password command %s printed nothing", argv[0])
	}
	return line, nil
}

// RedactURL returns the part of a secret address that is safe to show:
// the scheme and host, with the path, query and any user replaced by "…".
// A file path is shown as it is (it is not a secret); anything else that
// does not parse is shown as "…".
func RedactURL(s string) string {
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "…"
	}
	if u.Scheme == "file" {
		return s
	}
	if u.Host == "" {
		return u.Scheme + ":…"
	}
	r := u.Scheme + "://" + u.Host + "/"
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.User != nil {
		r += "…"
	}
	return r
}
