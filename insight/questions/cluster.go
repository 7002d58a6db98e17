package questions

import (
	"container/heap"
)

// constraints are what the person and the curated families say about
// forms, whatever the scores: forms that are one question (together),
// forms that are not (apart), and the curated family of each form (-1:
// none); two forms of different families are never one group.
type constraints struct {
	together [][2]int
	apart    map[int][]int
	family   []int
	close    []float64 // how close each form is to its family
}

// cluster groups the distinct forms and returns each form's cluster,
// named by its smallest form index.
func cluster(forms []*form, cons constraints) []int {
	// Blocking: forms sharing a token or a 5-letter token prefix are
	// candidates. A key shared by very many forms carries little weight
	// (low IDF) and alone cannot lift a pair over the threshold; it is
	// skipped past maxPosting so a common word does not make the
	// comparison quadratic.
	postings := map[string][]int{}
	for i, f := range forms {
		seen := map[string]bool{}
		for _, t := range f.tokens {
			bk := []string{t}
			if r := []rune(t); len(r) > 5 {
				bk = append(bk, "^"+string(r[:5]))
			}
			for _, k := range bk {
				if !seen[k] {
					seen[k] = true
					postings[k] = append(postings[k], i)
				}
			}
		}
	}
	maxPosting := max(maxPosting, len(forms)/50)
	type pair struct{ a, b int }
	sims := map[pair]float64{}
	for _, p := range postings {
		if len(p) < 2 || len(p) > maxPosting {
			continue
		}
		for x := range p {
			for _, b := range p[x+1:] {
				pr := pair{p[x], b}
				if _, done := sims[pr]; done {
					continue
				}
				sims[pr] = score(forms[pr.a], forms[pr.b])
			}
		}
	}
	// Forms of one curated family are alike even when they share no word:
	// the family vouches for each.
	if cons.family != nil {
		byFamily := map[int][]int{}
		for i, f := range cons.family {
			if f >= 0 {
				byFamily[f] = append(byFamily[f], i)
			}
		}
		for _, fs := range byFamily {
			for x, a := range fs {
				for _, b := range fs[x+1:] {
					sims[pair{a, b}] = 0 // scored below
				}
			}
		}
		for pr, s := range sims {
			if s == 0 {
				s = score(forms[pr.a], forms[pr.b])
			}
			sims[pr] = similarity(s, cons.family[pr.a], cons.family[pr.b], cons.close[pr.a], cons.close[pr.b])
		}
	}
	edges := make([][3]float64, 0, len(sims))
	for pr, s := range sims {
		if s > 0 {
			edges = append(edges, [3]float64{float64(pr.a), float64(pr.b), s})
		}
	}
	return averageLink(len(forms), edges, Threshold, cons)
}

// maxPosting bounds the forms one blocking key may pair up.
const maxPosting = 400

// averageLink clusters n items by average linkage: repeatedly merge the
// two clusters whose mean pairwise similarity is highest, while it is at
// least threshold; pairs without an edge count as 0. Ties go to the lower
// cluster indices, so the result is deterministic. Two clusters are never
// merged when an item of one is cons.apart from an item of the other, or
// when they hold items of different cons.family. After all of that the
// clusters of the pairs cons.together are joined, whatever cons.apart
// says. It returns each item's cluster, named by
// the cluster's smallest item.
func averageLink(n int, edges [][3]float64, threshold float64, cons constraints) []int {
	size := make([]int, n)
	link := make([]map[int]float64, n) // cluster → neighbour cluster → sum of similarities
	alive := make([]bool, n)
	version := make([]int, n)
	members := make([][]int, n)
	family := make([]int, n)
	for i := range n {
		size[i], alive[i], members[i], family[i] = 1, true, []int{i}, -1
		if cons.family != nil {
			family[i] = cons.family[i]
		}
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	for _, e := range edges {
		a, b, s := int(e[0]), int(e[1]), e[2]
		if link[a] == nil {
			link[a] = map[int]float64{}
		}
		if link[b] == nil {
			link[b] = map[int]float64{}
		}
		link[a][b] += s
		link[b][a] += s
	}
	blocked := func(a, b int) bool {
		if family[a] >= 0 && family[b] >= 0 && family[a] != family[b] {
			return true
		}
		if len(cons.apart) == 0 {
			return false
		}
		if len(members[a]) > len(members[b]) {
			a, b = b, a
		}
		for _, m := range members[a] {
			for _, o := range cons.apart[m] {
				if find(o) == b {
					return true
				}
			}
		}
		return false
	}
	h := &mergeHeap{}
	// merge joins clusters a and b (a < b: b merges into a) and queues the
	// merges the new cluster now allows.
	merge := func(a, b int) {
		alive[b] = false
		parent[b] = a
		size[a] += size[b]
		members[a] = append(members[a], members[b]...)
		members[b] = nil
		if family[a] < 0 {
			family[a] = family[b]
		}
		version[a]++
		if link[a] == nil {
			link[a] = map[int]float64{}
		}
		for k, s := range link[b] {
			delete(link[k], b)
			if k == a {
				continue
			}
			link[a][k] += s
			link[k][a] += s
		}
		delete(link[a], b)
		link[b] = nil
	}
	for a := range n {
		if !alive[a] {
			continue
		}
		for k, s := range link[a] {
			if k > a {
				if avg := s / float64(size[a]*size[k]); avg >= threshold {
					heap.Push(h, mergeStep{avg: avg, a: a, b: k, va: version[a], vb: version[k]})
				}
			}
		}
	}
	for h.Len() > 0 {
		m := heap.Pop(h).(mergeStep)
		if !alive[m.a] || !alive[m.b] || version[m.a] != m.va || version[m.b] != m.vb || blocked(m.a, m.b) {
			continue
		}
		merge(m.a, m.b)
		a := m.a
		for k, s := range link[a] {
			if avg := s / float64(size[a]*size[k]); avg >= threshold {
				heap.Push(h, mergeStep{avg: avg, a: min(a, k), b: max(a, k), va: version[min(a, k)], vb: version[max(a, k)]})
			}
		}
	}
	// The person's merges join whole clusters last: each side of a merge
	// first gathers the forms the scores give it, as if never merged, so
	// a merge neither pushes a form out of its side (the mean over the
	// joined sides would be lower) nor lets the family of one side bar
	// the forms of the other.
	for _, p := range cons.together {
		a, b := find(p[0]), find(p[1])
		if a != b {
			merge(min(a, b), max(a, b))
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = find(i)
	}
	return out
}

type mergeStep struct {
	avg    float64
	a, b   int
	va, vb int // versions of a and b when pushed
}

type mergeHeap []mergeStep

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	if h[i].avg != h[j].avg {
		return h[i].avg > h[j].avg
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(mergeStep)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
