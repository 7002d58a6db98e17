package calendartest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// selection is a parsed `fields` parameter (Google's partial response): the
// keys to keep at one level, each with what to keep below it; a nil
// selection keeps everything.
type selection map[string]selection

// whole marks a key selected with everything below it.
var whole = selection(nil)

// parseFields reads "items(id,start/dateTime),nextPageToken" and the like.
func parseFields(s string) (selection, error) {
	p := &fieldParser{s: s}
	sel, err := p.list()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i], p.i)
	}
	return sel, nil
}

type fieldParser struct {
	s string
	i int
}

func (p *fieldParser) list() (selection, error) {
	sel := selection{}
	for {
		if err := p.item(sel); err != nil {
			return nil, err
		}
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		return sel, nil
	}
}

// item reads path[(list)] into sel.
func (p *fieldParser) item(sel selection) error {
	var path []string
	for {
		start := p.i
		for p.i < len(p.s) && !strings.ContainsRune(",/()", rune(p.s[p.i])) {
			p.i++
		}
		name := strings.TrimSpace(p.s[start:p.i])
		if name == "" {
			return fmt.Errorf("empty field name at %d", start)
		}
		path = append(path, name)
		if p.i < len(p.s) && p.s[p.i] == '/' {
			p.i++
			continue
		}
		break
	}
	var sub selection // nil: the whole value
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		var err error
		if sub, err = p.list(); err != nil {
			return err
		}
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return fmt.Errorf("missing )")
		}
		p.i++
	}
	// Build the path's chain, merging with what is already selected.
	for i, name := range path {
		last := i == len(path)-1
		cur, seen := sel[name]
		switch {
		case seen && cur == nil:
			return nil // already whole
		case last && sub == nil:
			sel[name] = whole
		case last:
			if cur == nil {
				cur = selection{}
			}
			for k, v := range sub {
				cur[k] = v
			}
			sel[name] = cur
		default:
			if cur == nil {
				cur = selection{}
				sel[name] = cur
			}
			sel = cur
		}
	}
	return nil
}

// apply keeps what sel selects of v, a decoded JSON value. Arrays are
// filtered element by element.
func (sel selection) apply(v any) any {
	if sel == nil {
		return v
	}
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = sel.apply(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			sub, ok := sel[k]
			if !ok {
				sub, ok = sel["*"]
			}
			if ok {
				out[k] = sub.apply(e)
			}
		}
		return out
	}
	return v
}

// partial applies the request's fields parameter to a JSON body.
func partial(body []byte, fields string) ([]byte, *apiError) {
	if fields == "" {
		return body, nil
	}
	sel, err := parseFields(fields)
	if err != nil {
		return nil, errInvalid("Invalid field selection " + fields)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, &apiError{Code: 500, Domain: "global", Reason: "backendError", Message: "Backend Error"}
	}
	out, err := json.Marshal(sel.apply(v))
	if err != nil {
		return nil, &apiError{Code: 500, Domain: "global", Reason: "backendError", Message: "Backend Error"}
	}
	return out, nil
}
