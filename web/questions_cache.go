package web

import (
	"slices"
	"sync"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
)

// bankCache keeps the last question bank built and what it was built
// from. Building the bank of 10,000 records takes 70 ms on an idle
// machine, far more than the rest of the page (docs/PERFORMANCE.md); the
// notebook's records are shared and never changed in place (a changed
// file is a new *Record), so the same records, pointer for pointer, with
// the same corrections, make the same bank.
type bankCache struct {
	mu    sync.Mutex
	recs  []*notebook.Record
	corr  questions.Corrections
	bank  questions.Bank
	valid bool
	// builds counts the banks built, for tests.
	builds int
}

// get returns the bank of recs with corr, built again only when either
// changed since the last call. Concurrent calls wait for one build.
func (c *bankCache) get(recs []*notebook.Record, corr questions.Corrections) questions.Bank {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && slices.Equal(c.recs, recs) && slices.Equal(c.corr.Together, corr.Together) && slices.Equal(c.corr.Apart, corr.Apart) {
		return c.bank
	}
	c.bank = questions.Build(recs, questions.Options{Corrections: corr})
	c.recs, c.corr, c.valid = slices.Clone(recs), corr, true
	c.builds++
	return c.bank
}
