package notebook

import (
	"fmt"
	"slices"
	"strings"
)

// Done records that the follow-up of kind k of the record ref was done on
// day on: the thank-you note sent (KindThankYou) or the person followed up
// (KindFollowUp). A reply is settled by an outcome (SetOutcome), so any
// other kind is an error saying so. It returns the record as saved; the
// errors are Update's.
func (b *Book) Done(ref string, k Kind, on Date) (*Record, error) {
	if k != KindThankYou && k != KindFollowUp {
		return nil, fmt.Errorf("%q is not something to mark done: use %s or %s", k, KindThankYou, KindFollowUp)
	}
	if on.IsZero() {
		return nil, fmt.Errorf("mark %s done: no day given", k)
	}
	return b.Update(ref, func(r *Record) error {
		if k == KindThankYou {
			r.FollowUp.ThankYouSent = &on
		} else {
			r.FollowUp.FollowUpDone = &on
		}
		return nil
	})
}

// SetOutcome records how the interview ref ended, one of Outcomes, decided
// on day on; an outcome closes the expected reply and the follow-up. It
// returns the record as saved; the errors are Update's.
func (b *Book) SetOutcome(ref, outcome string, on Date) (*Record, error) {
	if !slices.Contains(Outcomes, outcome) {
		return nil, fmt.Errorf("%q is not an outcome: use one of %s", outcome, strings.Join(Outcomes, ", "))
	}
	if on.IsZero() {
		return nil, fmt.Errorf("outcome %s: no day given", outcome)
	}
	return b.Update(ref, func(r *Record) error {
		r.FollowUp.Outcome = outcome
		r.FollowUp.OutcomeOn = &on
		return nil
	})
}
