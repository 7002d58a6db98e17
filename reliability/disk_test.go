package reliability

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/internal/e2e"
)

// snapshot reads every file of dir, by name.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || e.Name() == ".lock" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// sameFiles reports what changed in dir since before.
func sameFiles(t *testing.T, dir string, before map[string][]byte) []string {
	t.Helper()
	now := snapshot(t, dir)
	var diffs []string
	for name, b := range before {
		if !bytes.Equal(now[name], b) {
			diffs = append(diffs, name+" changed or vanished")
		}
	}
	for name := range now {
		if _, ok := before[name]; !ok {
			diffs = append(diffs, name+" appeared")
		}
	}
	return diffs
}

// runWith runs the binary with a command prefix (such as prlimit).
func (r *rig) runWith(prefix []string, args ...string) (string, int) {
	r.t.Helper()
	argv := append(append(append([]string{}, prefix...), bin, "--config", r.config), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = r.env()
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		r.t.Fatal(err)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

// diskInterviews are the interviews of the disk tests: two at first, then
// a move of the first and a third one, which need record writes.
func diskInterviews() []*interview {
	base := time.Now().Truncate(time.Hour).Add(4 * time.Hour)
	var ivs []*interview
	for i := range 3 {
		end := base.Add(time.Duration(i) * 3 * time.Hour)
		ivs = append(ivs, &interview{id: "disk" + string(rune('a'+i)), company: companyName(i), start: end.Add(-time.Hour), end: end, tz: "Europe/Berlin", state: "live"})
	}
	return ivs
}

// TestFullDisk fills the file system of the notebook and the state
// directory (a 256 KiB tmpfs; where mount is not permitted, a 1 KiB file
// size limit set with prlimit, which fails writes with EFBIG the same way)
// and asks for record writes: the pass fails with a clear error, every file
// saved before is byte for byte as it was, no temp file is left; once
// there is room again, the next pass catches up.
func TestFullDisk(t *testing.T) {
	r := newRig(t)
	disk := filepath.Join(r.dir, "disk")
	if err := os.Mkdir(disk, 0o700); err != nil {
		t.Fatal(err)
	}
	method, want := "tmpfs size=256k", "no space left on device"
	var prefix []string
	if !mountTmpfs(t, disk, "256k") {
		method, want = "prlimit --fsize=1024", "file too large"
		prefix = []string{"prlimit", "--fsize=1024", "--"}
	}
	r.notebook, r.state = filepath.Join(disk, "notebook"), filepath.Join(disk, "state")
	r.writeConfig("")
	ivs := diskInterviews()
	r.fake.Put("primary", ivs[0].event())
	r.fake.Put("primary", ivs[1].event())
	if out, code := r.run(nil, "daemon", "--once"); code != 0 {
		t.Fatalf("daemon --once = exit %d\n%s", code, out)
	}
	before := snapshot(t, r.notebook)
	ledgerBefore, _ := os.ReadFile(filepath.Join(r.state, "ledger.json"))

	filled := int64(0)
	if prefix == nil {
		f, err := os.Create(filepath.Join(disk, "filler"))
		if err != nil {
			t.Fatal(err)
		}
		chunk := make([]byte, 4096)
		for {
			n, err := f.Write(chunk)
			filled += int64(n)
			if err != nil {
				break
			}
		}
		f.Close()
	}
	ivs[0].start, ivs[0].end = ivs[0].start.Add(30*time.Minute), ivs[0].end.Add(30*time.Minute)
	r.fake.Put("primary", ivs[0].event())
	r.fake.Put("primary", ivs[2].event())
	out, code := r.runWith(prefix, "daemon", "--once")
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("daemon --once on a full disk = exit %d, want 1 saying %q\n%s", code, want, clip(out))
	}
	oOut, oCode := r.runWith(prefix, "outcome", ivs[1].recordID(), "offer")
	if oCode != 1 || !strings.Contains(oOut, want) {
		t.Errorf("outcome on a full disk = exit %d, want 1 saying %q\n%s", oCode, want, oOut)
	}
	diffs := sameFiles(t, r.notebook, before)
	for _, d := range diffs {
		t.Errorf("notebook after the failed writes: %s", d)
	}
	if l, _ := os.ReadFile(filepath.Join(r.state, "ledger.json")); !json0(l) {
		t.Errorf("ledger.json is not valid JSON after the failed writes: %q", l)
	}
	lOut, lCode := r.runWith(prefix, "list")
	if lCode != 0 || !strings.Contains(lOut, "Acme") {
		t.Errorf("list on a full disk = exit %d, want 0 listing the records\n%s", lCode, lOut)
	}

	// Room again: the next pass catches up.
	os.Remove(filepath.Join(disk, "filler"))
	if out, code := r.run(nil, "daemon", "--once"); code != 0 {
		t.Errorf("daemon --once after freeing space = exit %d\n%s", code, out)
	}
	probs, files := notebookCheck(r.notebook, ivs)
	for _, p := range probs {
		t.Error(p)
	}
	firstLine := strings.SplitN(strings.TrimSpace(oOut), "\n", 2)[0]
	t.Logf("full-disk: method=%q filler_bytes=%d daemon_once_exit=%d outcome_exit=%d list_exit=%d files_before=%d files_changed=%d ledger_bytes_before=%d after_freeing: record_files=%d problems=%d",
		method, filled, code, oCode, lCode, len(before), len(diffs), len(ledgerBefore), files, len(probs))
	t.Logf("full-disk: outcome said %q", firstLine)
}

// json0 reports whether b is a JSON object.
func json0(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && json.Valid(b)
}

// TestUnwritableNotebook makes the notebook directory unwritable (a tmpfs
// remounted read-only; without mount, chmod 0500, which binds anyone but
// root) under a running daemon, then runs `daemon --once` and a command
// that writes: the writes fail with a clear error naming the notebook, the
// running daemon keeps running, every record stays as it was; once
// writable again, the next pass catches up. A daemon started on the
// read-only notebook and `debrief list` are run too, and their exit
// status is reported.
func TestUnwritableNotebook(t *testing.T) {
	r := newRig(t)
	parent := filepath.Join(r.dir, "ro")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	r.notebook = filepath.Join(parent, "notebook")
	r.writeConfig("")
	method, want := "tmpfs remount,ro", "read-only file system"
	mounted := mountTmpfs(t, parent, "1m")
	if !mounted {
		if os.Geteuid() == 0 {
			t.Fatal("running as root and cannot mount a tmpfs: no way to make a directory unwritable for root here")
		}
		method, want = "chmod 0500", "permission denied"
	}
	ivs := diskInterviews()
	r.fake.Put("primary", ivs[0].event())
	r.fake.Put("primary", ivs[1].event())
	if out, code := r.run(nil, "daemon", "--once"); code != 0 {
		t.Fatalf("daemon --once = exit %d\n%s", code, out)
	}
	before := snapshot(t, r.notebook)
	lock := func(ro bool) {
		t.Helper()
		var err error
		var out []byte
		switch {
		case mounted && ro:
			out, err = exec.Command("mount", "-o", "remount,ro", parent).CombinedOutput()
		case mounted:
			out, err = exec.Command("mount", "-o", "remount,rw", parent).CombinedOutput()
		case ro:
			err = os.Chmod(r.notebook, 0o500)
		default:
			err = os.Chmod(r.notebook, 0o700)
		}
		if err != nil {
			t.Fatalf("%s: %v %s", method, err, out)
		}
	}
	p := r.startReady()
	lock(true)
	ivs[0].start, ivs[0].end = ivs[0].start.Add(30*time.Minute), ivs[0].end.Add(30*time.Minute)
	r.fake.Put("primary", ivs[0].event())
	r.fake.Put("primary", ivs[2].event())
	// The running daemon's next poll (5 s) meets the read-only notebook.
	sawError := e2e.WaitFor(15*time.Second, func() bool { return strings.Contains(r.logText(), want) })
	time.Sleep(time.Second)
	alive := !p.Exited()
	if !sawError || !alive {
		t.Errorf("running daemon on a read-only notebook: logged %q %v, still running %v\n%s", want, sawError, alive, r.logTail(20))
	}
	r.stop(p)
	out, code := r.run(nil, "daemon", "--once")
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, r.notebook) {
		t.Errorf("daemon --once on a read-only notebook = exit %d, want 1 naming %s and saying %q\n%s", code, r.notebook, want, clip(out))
	}
	oOut, oCode := r.run(nil, "outcome", ivs[1].recordID(), "offer")
	if oCode != 1 || !strings.Contains(oOut, want) || !strings.Contains(oOut, r.notebook) {
		t.Errorf("outcome on a read-only notebook = exit %d, want 1 naming %s and saying %q\n%s", oCode, r.notebook, want, oOut)
	}
	lOut, lCode := r.run(nil, "list")
	if lCode != 0 || !strings.Contains(lOut, "Globex Corp") {
		t.Errorf("list on a read-only notebook = exit %d, want 0 listing the records\n%s", lCode, clip(lOut))
	}
	for _, d := range sameFiles(t, r.notebook, before) {
		t.Errorf("notebook after the failed writes: %s", d)
	}
	lock(false)
	if out, code := r.run(nil, "daemon", "--once"); code != 0 {
		t.Errorf("daemon --once once writable = exit %d\n%s", code, out)
	}
	probs, files := notebookCheck(r.notebook, ivs)
	for _, p := range probs {
		t.Error(p)
	}
	firstLine := func(s string) string { return strings.SplitN(strings.TrimSpace(s), "\n", 2)[0] }
	t.Logf("unwritable: method=%q running_daemon_logged_error=%v running_daemon_alive=%v daemon_once_exit=%d outcome_exit=%d files_before=%d files_changed=0 after_restoring: record_files=%d problems=%d",
		method, sawError, alive, code, oCode, len(before), files, len(probs))
	t.Logf("unwritable: outcome said %q", firstLine(oOut))
	t.Logf("unwritable: list on the read-only notebook: exit=%d %q", lCode, firstLine(lOut))
}
