package web

import (
	"net/http"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// thankYouView is the data of the thank-you draft's page.
type thankYouView struct {
	recordRow
	To            string // the interviewers' addresses, "" when none is known
	Subject, Body string
	// Mailto opens the draft in the mail program (notebook.Mailto).
	Mailto string
	// Sent is the day the note was marked sent, "" when not.
	Sent   string
	Settle settleView
	Row    followupRow // the thank-you follow-up, for its button
}

func (s *Server) thankYouPage(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.record(w, r)
	if !ok {
		return
	}
	subject, body := notebook.ThankYou(rec)
	to := notebook.Emails(rec)
	v := thankYouView{
		recordRow: rowOf(rec), To: strings.Join(to, ", "), Subject: subject, Body: body,
		Mailto: notebook.Mailto(to, subject, body),
		Settle: s.settleOf(rec.ID, "/thank-you/"+rec.ID),
		Row:    followupRow{recordRow: rowOf(rec), Kind: notebook.KindThankYou, State: notebook.Due, CanSettle: true},
	}
	if d := rec.FollowUp.ThankYouSent; d != nil {
		v.Sent = d.String()
	}
	s.render(w, r, 0, "thankyou", v)
}
