package questions

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/notebook"
)

// File is the name of the file, in the notebook folder, that keeps the
// person's corrections. It starts with a dot because every other *.json
// file in that folder is an interview record.
const File = ".questions.json"

// Corrections are the person's last word on the grouping, kept in File:
// pairs of wordings that are one question whatever the scores say
// (Together), and pairs that are different questions (Apart). Wordings are
// kept as written, not as keys, so that a better matcher later still
// reads them; a wording no longer in the notebook still counts for every
// wording with the same Key. Together wins over Apart when the two
// disagree.
type Corrections struct {
	Together [][2]string `json:"together"`
	Apart    [][2]string `json:"apart"`
}

// ErrRef is the class of errors of Merge and Split that name no group, or
// ask for a change that cannot be made (merging a group with itself,
// splitting a question worded one way): the person's mistake, not the
// notebook's. Test with errors.Is.
var ErrRef = errors.New("bad question reference")

// refError is an ErrRef with the sentence the person reads.
type refError string

func (e refError) Error() string        { return string(e) }
func (e refError) Is(target error) bool { return target == ErrRef }

func refErrorf(format string, args ...any) error { return refError(fmt.Sprintf(format, args...)) }

// Load reads the corrections kept in the notebook folder dir. No file yet
// is no corrections and no error; a file that cannot be read or decoded is
// an error naming it.
func Load(dir string) (Corrections, error) {
	path := filepath.Join(dir, File)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Corrections{}, nil
	}
	if err != nil {
		return Corrections{}, fmt.Errorf("read question corrections: %w", err)
	}
	var c Corrections
	if err := json.Unmarshal(data, &c); err != nil {
		return Corrections{}, fmt.Errorf("%s: not the question corrections debrief writes (fix or remove the file; the groups then follow the scores alone): %w", path, err)
	}
	return c, nil
}

// Save writes c to the notebook folder dir, atomically: a crash leaves the
// old corrections or the new ones, never a torn file.
func Save(dir string, c Corrections) error {
	if c.Together == nil {
		c.Together = [][2]string{}
	}
	if c.Apart == nil {
		c.Apart = [][2]string{}
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode question corrections: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, File), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save question corrections: %w", err)
	}
	return nil
}

// edit serialises Merge and Split within a process (the web app serves
// requests concurrently): each reads, changes and writes File whole.
var edit sync.Mutex

// Merge makes groups a and b of the bank of recs one question, and keeps
// that in the notebook folder dir: every wording of either group stays in
// the merged one until a Split takes it out, and later wordings that join
// either group join the merged one. a and b are group numbers as `debrief
// questions` prints them (1 is Bank.Groups[0], "#3" is accepted) or
// question text (a wording in the bank, or any wording with the same Key).
// It returns a sentence saying what it did. A reference that names no
// group, or two that name the same group, is an error wrapping ErrRef;
// failing to read or write File, any other error.
func Merge(dir string, recs []*notebook.Record, a, b string) (string, error) {
	edit.Lock()
	defer edit.Unlock()
	c, err := Load(dir)
	if err != nil {
		return "", err
	}
	bank := Build(recs, Options{Corrections: c})
	ga, err := bank.Find(a)
	if err != nil {
		return "", err
	}
	gb, err := bank.Find(b)
	if err != nil {
		return "", err
	}
	if ga == gb {
		return "", refErrorf("%q and %q are already one question (group %d)", a, b, ga+1)
	}
	A, B := bank.Groups[ga], bank.Groups[gb]
	c.Apart = slices.DeleteFunc(c.Apart, func(p [2]string) bool {
		return in(A.Wordings, p[0]) && in(B.Wordings, p[1]) || in(A.Wordings, p[1]) && in(B.Wordings, p[0])
	})
	// Every wording of both groups, not just their labels: a group's
	// other wordings are in it by the scores alone, which later questions
	// change.
	c.Together = c.tie(A.Label, slices.Concat(A.Wordings, B.Wordings))
	if err := Save(dir, c); err != nil {
		return "", err
	}
	return fmt.Sprintf("%q and %q are now one question (%d asks); `debrief questions split` undoes it.", A.Label, B.Label, A.Count+B.Count), nil
}

// Split takes a question out of its group, and keeps that in the notebook
// folder dir; later wordings follow the side they are closest to. ref is a
// group number (every wording of the group becomes its own question) or a
// wording (that wording, and those with the same Key, leave the group; the
// rest of the group stays one question).
// It returns a sentence saying what it did. A reference that names no
// group, or a group asked in one wording only, is an error wrapping
// ErrRef; failing to read or write File, any other error.
func Split(dir string, recs []*notebook.Record, ref string) (string, error) {
	edit.Lock()
	defer edit.Unlock()
	c, err := Load(dir)
	if err != nil {
		return "", err
	}
	bank := Build(recs, Options{Corrections: c})
	gi, err := bank.Find(ref)
	if err != nil {
		return "", err
	}
	g := bank.Groups[gi]
	// The wordings that leave, by key: wordings with one key are one form
	// and cannot be told apart.
	var out []string
	if _, isNumber := groupNumber(ref); isNumber {
		out = g.Wordings
	} else {
		out = []string{ref}
	}
	var pairs [][2]string
	for i, x := range g.Wordings {
		for _, y := range g.Wordings[i+1:] {
			if Key(x) == Key(y) || !in(out, x) && !in(out, y) {
				continue
			}
			pairs = append(pairs, [2]string{x, y})
		}
	}
	if len(pairs) == 0 {
		return "", refErrorf("group %d (%q) has no other wording to split from", gi+1, g.Label)
	}
	// Undo the merges that hold a leaving wording in the group; others
	// inside it stand.
	n := len(c.Together)
	c.Together = slices.DeleteFunc(c.Together, func(p [2]string) bool {
		return (in(out, p[0]) || in(out, p[1])) && in(g.Wordings, p[0]) && in(g.Wordings, p[1])
	})
	// A removed pair may have been what held the wordings that stay (a
	// merge is kept as pairs with one of its wordings): tie them again, so
	// that a split undoes only what it names.
	if stay := slices.DeleteFunc(slices.Clone(g.Wordings), func(w string) bool { return in(out, w) }); len(c.Together) < n && len(stay) > 1 {
		c.Together = c.tie(stay[0], stay)
	}
	c.Apart = append(c.Apart, pairs...)
	if err := Save(dir, c); err != nil {
		return "", err
	}
	if len(out) == len(g.Wordings) {
		return fmt.Sprintf("%q is now %d questions, one per wording; `debrief questions merge` joins any two again.", g.Label, len(g.Wordings)), nil
	}
	return fmt.Sprintf("%q is now a question of its own, apart from %q; `debrief questions merge` joins them again.", ref, g.Label), nil
}

// tie returns c.Together with the pairs that make every wording of ws one
// question with anchor, leaving out those with anchor's Key and those c
// already holds.
func (c Corrections) tie(anchor string, ws []string) [][2]string {
	together := c.Together
	for _, w := range ws {
		if Key(w) == Key(anchor) || slices.ContainsFunc(together, func(p [2]string) bool {
			return in(p[:], anchor) && in(p[:], w)
		}) {
			continue
		}
		together = append(together, [2]string{anchor, w})
	}
	return together
}

// in reports whether wording w is one of ws or has the same key as one.
func in(ws []string, w string) bool {
	k := Key(w)
	return slices.ContainsFunc(ws, func(x string) bool { return x == w || Key(x) == k })
}

// Find returns the index in b.Groups of the group ref names: a group
// number as Write prints it ("3" or "#3", 1 for the first group), or a
// question: the group holding that wording (compared on one line, ignoring
// case), else the group holding a wording with the same Key. A ref that
// names no group is an error wrapping ErrRef that says how to find one.
func (b Bank) Find(ref string) (int, error) {
	if n, ok := groupNumber(ref); ok {
		if n < 1 || n > len(b.Groups) {
			return 0, refErrorf("there is no question %d: `debrief questions` numbers them 1 to %d", n, len(b.Groups))
		}
		return n - 1, nil
	}
	line := notebook.OneLine(ref)
	if line == "" {
		return 0, refErrorf("no question given: name one by its number in `debrief questions` or by its text")
	}
	for i, g := range b.Groups {
		for _, w := range g.Wordings {
			if strings.EqualFold(w, line) {
				return i, nil
			}
		}
	}
	k := Key(line)
	for i, g := range b.Groups {
		for _, w := range g.Wordings {
			if Key(w) == k {
				return i, nil
			}
		}
	}
	return 0, refErrorf("no question in the notebook reads %q: give its number in `debrief questions` or its text as noted", line)
}

// groupNumber reads "3" or "#3".
func groupNumber(ref string) (int, bool) {
	s := strings.TrimPrefix(strings.TrimSpace(ref), "#")
	if s == "" || strings.Trim(s, "0123456789") != "" || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// constraints are c on the forms formOf finds for a wording (-1: none in
// the bank).
func (c Corrections) constraints(formOf func(string) int) constraints {
	var cons constraints
	for _, p := range c.Together {
		if a, b := formOf(p[0]), formOf(p[1]); a >= 0 && b >= 0 && a != b {
			cons.together = append(cons.together, [2]int{a, b})
		}
	}
	for _, p := range c.Apart {
		if a, b := formOf(p[0]), formOf(p[1]); a >= 0 && b >= 0 && a != b {
			if cons.apart == nil {
				cons.apart = map[int][]int{}
			}
			cons.apart[a] = append(cons.apart[a], b)
			cons.apart[b] = append(cons.apart[b], a)
		}
	}
	return cons
}
