package notebook

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// SchemaVersion is the version of the record shape this package writes. A
// record with a higher "schema" is refused (ErrNewerSchema): it was written
// by a newer debrief and rewriting it here could drop fields.
//
// Schema 2 added Revision.
const SchemaVersion = 2

// Record is one interview in the notebook: where it came from, the sections
// of the post-interview reflection form (seeds/reflection-tool.md, 1–10, plus
// what the other seeds ask to note), and the follow-up state. It is stored as
// one JSON file, see Book. Empty fields are omitted from the file; a pointer
// field (*int rating, *bool answer, *Date) is nil while the question is
// unanswered, so "not answered" differs from 0 or false.
//
// Everything in a record is personal: never log its text above Debug.
type Record struct {
	// Schema is the version of the shape the record was written with.
	Schema int `json:"schema"`
	// ID is RecordID(calendar, event) for a record made from a calendar
	// event, NewID() for one made by hand: 10 characters in [0-9a-v].
	ID string `json:"id"`
	// Revision counts the saves of the record: 1 when created, one more
	// at every Book.Update. A form carries the revision it was made from,
	// so saving it can tell what changed in the record since (see
	// Book.Reflect). A record of schema 1, from before revisions, reads
	// as revision 1.
	Revision int `json:"revision"`
	// Source is the calendar event the record was made from; nil for a
	// record made by hand.
	Source *Source `json:"source,omitempty"`
	// Scheduled is when an interview recorded by hand (debrief add) took
	// or takes place; nil for a record made from a calendar event (Source
	// has the times) and for one recorded with a date only.
	Scheduled *Scheduled `json:"scheduled,omitempty"`

	// Interview is section 1, Interview Details: prefilled from the
	// calendar event, editable.
	Interview Details `json:"interview"`
	// Overall is section 2, Overall Impression.
	Overall Overall `json:"overall,omitzero"`
	// Takeaways is section 3, Key Takeaways: topics, the questions asked
	// and how they went, skills discussed, what was not discussed.
	Takeaways Takeaways `json:"takeaways,omitzero"`
	// Performance is section 4, Your Performance.
	Performance Performance `json:"performance,omitzero"`
	// Company is section 5, Company Insights, with how being at the
	// company felt and whether it is a good opportunity.
	Company Company `json:"company,omitzero"`
	// Asked is section 6, Questions You Asked.
	Asked Asked `json:"asked,omitzero"`
	// NextSteps is section 7, Next Steps. Its two dates (when to expect a
	// reply, when the thank-you note was sent) are kept in FollowUp.
	NextSteps NextSteps `json:"next_steps,omitzero"`
	// Improvement is section 8, Areas for Improvement.
	Improvement Improvement `json:"improvement,omitzero"`
	// Feelings is section 9, Emotional Check-in.
	Feelings Feelings `json:"feelings,omitzero"`
	// ActionItems is section 10, Action Plan: items for the next interview.
	ActionItems []ActionItem `json:"action_items,omitempty"`
	// People are everyone met at the interview beyond the interviewers,
	// with what their business cards said.
	People []Person `json:"people,omitempty"`

	// FollowUp is the thank-you note, the expected reply, the follow-up
	// and the outcome.
	FollowUp FollowUp `json:"follow_up"`

	// Created and Updated are set by Book.Create and Book.Update.
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// ReflectedAt is when a reflection was last saved (by debrief
	// reflect); nil until then.
	ReflectedAt *time.Time `json:"reflected_at,omitempty"`
}

// Source is the calendar event a record was made from, as read when the
// record was created. Title, Location and Conference are personal.
type Source struct {
	CalendarID string    `json:"calendar_id"`
	EventID    string    `json:"event_id"`
	Title      string    `json:"title,omitempty"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	// TimeZone is the event's IANA zone; display and the calendar date
	// of the interview use it. "" means UTC.
	TimeZone   string `json:"time_zone,omitempty"`
	Link       string `json:"link,omitempty"`       // the event's htmlLink
	Location   string `json:"location,omitempty"`   // the event's location
	Conference string `json:"conference,omitempty"` // the video call URL
	// Series is the recurring event id when the event is one of a series;
	// OrganizerDomain the organizer's email domain. A correction of the
	// company is remembered for them.
	Series          string `json:"series,omitempty"`
	OrganizerDomain string `json:"organizer_domain,omitempty"`
	// CompanyFrom and PositionFrom say where Interview.Company and
	// Interview.Position were read: "title", "description", "domain",
	// "learned" (a correction made earlier), or "person" once the person
	// set them.
	CompanyFrom  string `json:"company_from,omitempty"`
	PositionFrom string `json:"position_from,omitempty"`
}

// Scheduled is the time of an interview that is not on the calendar.
type Scheduled struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// TimeZone is the IANA zone the person gave the time in; display
	// and the calendar date use it. "" means UTC.
	TimeZone string `json:"time_zone,omitempty"`
}

// Interview formats of Details.Format.
const (
	FormatPhone    = "phone"
	FormatVideo    = "video"
	FormatInPerson = "in-person"
)

// Formats lists the valid non-empty values of Details.Format.
var Formats = []string{FormatPhone, FormatVideo, FormatInPerson}

// Details is section 1 of the form, Interview Details.
type Details struct {
	Company  string `json:"company,omitempty"`
	Position string `json:"position,omitempty"`
	// Date is the calendar date of the interview in its own time zone.
	Date         Date     `json:"date,omitzero"`
	Interviewers []Person `json:"interviewers,omitempty"`
	// Format is "phone", "video", "in-person" or "" (not known).
	Format string `json:"format,omitempty"`
	// Round is free text: "recruiter screen", "onsite 2/4".
	Round string `json:"round,omitempty"`
}

// Person is an interviewer or someone else met, with the contact details
// from their business card.
type Person struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Role  string `json:"role,omitempty"`
	Phone string `json:"phone,omitempty"`
	// Contact is anything else on the card: LinkedIn, address, notes.
	Contact string `json:"contact,omitempty"`
}

// Overall is section 2, Overall Impression.
type Overall struct {
	Rating        *int   `json:"rating,omitempty"` // 1–10: how did it go overall?
	WentWell      string `json:"went_well,omitempty"`
	CouldBeBetter string `json:"could_be_better,omitempty"` // what didn't go well
}

// Takeaways is section 3, Key Takeaways, with the topics and the important
// points the other seeds ask to note.
type Takeaways struct {
	// Topics are the high-level topics the interviewer covered.
	Topics []string `json:"topics,omitempty"`
	// KeyPoints are the important points discussed.
	KeyPoints string     `json:"key_points,omitempty"`
	Questions []Question `json:"questions,omitempty"`
	// Difficult answers "were there any questions you found difficult?
	// If yes, how can you improve?" beyond the per-question notes.
	Difficult string `json:"difficult,omitempty"`
	// SkillsFocused: skills or experiences the interviewer focused on.
	SkillsFocused string `json:"skills_focused,omitempty"`
	// StrengthsHighlighted: did you highlight your key strengths well?
	StrengthsHighlighted *bool  `json:"strengths_highlighted,omitempty"`
	StrengthsImprove     string `json:"strengths_improve,omitempty"`
	// NotDiscussed is important information (crucial skills, strengths)
	// that did not come up: for the thank-you note.
	NotDiscussed string `json:"not_discussed,omitempty"`
}

// Question is one question the interviewer asked.
type Question struct {
	Question     string `json:"question"`
	Answer       string `json:"answer,omitempty"`
	HowItWent    string `json:"how_it_went,omitempty"`
	Difficult    bool   `json:"difficult,omitempty"`
	HowToImprove string `json:"how_to_improve,omitempty"`
}

// Performance is section 4, Your Performance.
type Performance struct {
	Confidence *int `json:"confidence,omitempty"` // 1–10
	// Articulated: were you able to clearly articulate your skills and
	// experiences? HeldBack: if not, what held you back.
	Articulated *bool  `json:"articulated,omitempty"`
	HeldBack    string `json:"held_back,omitempty"`
	// BodyLanguage: how did body language and communication come across
	// (eye contact, speaking clearly, engaging confidently)?
	BodyLanguage string `json:"body_language,omitempty"`
	// Concerns: uncomfortable clothes, feeling unprepared, anything to
	// plan away before the next interview.
	Concerns string `json:"concerns,omitempty"`
}

// Company is section 5, Company Insights, with the questions of "Ending and
// follow-up" about how the company felt and whether it is a good opportunity.
type Company struct {
	Culture    string `json:"culture,omitempty"`
	Appealing  string `json:"appealing,omitempty"`
	Concerning string `json:"concerning,omitempty"`
	// AlignsWithGoals: does the role align with your career goals? Why
	// or why not is AlignmentWhy.
	AlignsWithGoals *bool  `json:"aligns_with_goals,omitempty"`
	AlignmentWhy    string `json:"alignment_why,omitempty"`
	// InterviewerImpressions: impressions of the interviewer and details
	// about the company that came up.
	InterviewerImpressions string `json:"interviewer_impressions,omitempty"`
	// HowItFelt: how being at the company made you feel; anything that
	// made you uncomfortable, and what it is.
	HowItFelt   string      `json:"how_it_felt,omitempty"`
	Opportunity Opportunity `json:"opportunity,omitzero"`
}

// Opportunity is "maybe it's not your dream job, but is it a good
// opportunity?" and the questions that decide it.
type Opportunity struct {
	Good                *bool  `json:"good,omitempty"`
	IndustryInteresting *bool  `json:"industry_interesting,omitempty"`
	LikeCulture         *bool  `json:"like_culture,omitempty"`
	Growth              *bool  `json:"growth,omitempty"`      // opportunities for growth?
	LearnALot           *bool  `json:"learn_a_lot,omitempty"` // smart people who share knowledge?
	Enthusiastic        *bool  `json:"enthusiastic,omitempty"`
	Notes               string `json:"notes,omitempty"`
}

// Asked is section 6, Questions You Asked.
type Asked struct {
	// Relevant: did you ask relevant questions?
	Relevant  *bool           `json:"relevant,omitempty"`
	Questions []AskedQuestion `json:"questions,omitempty"`
}

// AskedQuestion is one question you asked, the interviewer's response and
// the insight it gave into the company or role.
type AskedQuestion struct {
	Question string `json:"question"`
	Response string `json:"response,omitempty"`
	Insight  string `json:"insight,omitempty"`
}

// NextSteps is section 7, Next Steps, without its dates (FollowUp keeps
// ReplyExpectedBy and ThankYouSent).
type NextSteps struct {
	// Process: the next steps in the hiring process and where the
	// company is in it.
	Process string `json:"process,omitempty"`
	// HearBack is what was said about when to expect to hear back, as
	// said ("within two weeks"); the date is FollowUp.ReplyExpectedBy.
	HearBack string `json:"hear_back,omitempty"`
	// MayFollowUp: did they agree you can follow up if you have not heard
	// by a date?
	MayFollowUp *bool `json:"may_follow_up,omitempty"`
	// ThankYouNeeded: do you need to follow up with a thank-you email?
	ThankYouNeeded *bool `json:"thank_you_needed,omitempty"`
	// Standout is the specific part of the conversation that stood out,
	// to refer to in the thank-you note.
	Standout string `json:"standout,omitempty"`
	// Interest is how to reiterate your interest in the role.
	Interest string `json:"interest,omitempty"`
	// ThankYouPoints are further key points to mention in the note.
	ThankYouPoints []string `json:"thank_you_points,omitempty"`
}

// Improvement is section 8, Areas for Improvement, with the feedback the
// continuous-improvement seed asks to seek.
type Improvement struct {
	Areas         string `json:"areas,omitempty"`
	Struggled     string `json:"struggled,omitempty"` // technical or behavioural questions
	PrepareBetter string `json:"prepare_better,omitempty"`
	// Feedback received from the interviewer, a friend or a mentor.
	Feedback string `json:"feedback,omitempty"`
}

// Feelings is section 9, Emotional Check-in.
type Feelings struct {
	// Overall: excited, neutral, uncertain… in the person's words.
	Overall string `json:"overall,omitempty"`
	// During: feelings during the interview.
	During string `json:"during,omitempty"`
	// Comparison: how the opportunity compares to others being pursued.
	Comparison string `json:"comparison,omitempty"`
	// Rank against other current prospects: 1 is the best.
	Rank *int `json:"rank,omitempty"`
}

// ActionItem is one item of section 10's action plan.
type ActionItem struct {
	Text string `json:"text"`
	Done bool   `json:"done,omitempty"`
}

// Outcomes of FollowUp.Outcome.
const (
	OutcomeNextRound  = "next-round"
	OutcomeOffer      = "offer"
	OutcomeRejected   = "rejected"
	OutcomeWithdrawn  = "withdrawn"
	OutcomeNoResponse = "no-response"
)

// Outcomes lists the valid non-empty values of FollowUp.Outcome.
var Outcomes = []string{OutcomeNextRound, OutcomeOffer, OutcomeRejected, OutcomeWithdrawn, OutcomeNoResponse}

// FollowUp is what happens after the interview. The dates that are not set
// are computed by Followups from the interview and the Policy.
type FollowUp struct {
	// ThankYouDue overrides the thank-you deadline (default: the
	// interview's end + Policy.ThankYouWithin).
	ThankYouDue  time.Time `json:"thank_you_due,omitzero"`
	ThankYouSent *Date     `json:"thank_you_sent,omitempty"`
	// ReplyExpectedBy answers "when can you expect to hear back?"
	// (default: the interview date + Policy.ReplyAfterDays business days).
	ReplyExpectedBy *Date `json:"reply_expected_by,omitempty"`
	// FollowUpOn overrides the day to follow up if no reply came
	// (default: Policy.FollowUpDays business days after the reply date).
	FollowUpOn   *Date `json:"follow_up_on,omitempty"`
	FollowUpDone *Date `json:"follow_up_done,omitempty"`
	// Outcome is "next-round", "offer", "rejected", "withdrawn",
	// "no-response" or "" (none yet); recording one closes the reply and
	// the follow-up.
	Outcome   string `json:"outcome,omitempty"`
	OutcomeOn *Date  `json:"outcome_on,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Reflected reports whether any reflection has been saved: ReflectedAt is
// set or any of sections 2–10 or People holds something.
func (r *Record) Reflected() bool {
	if r.ReflectedAt != nil || len(r.ActionItems) > 0 || len(r.People) > 0 {
		return true
	}
	for _, s := range []any{r.Overall, r.Takeaways, r.Performance, r.Company, r.Asked, r.NextSteps, r.Improvement, r.Feelings} {
		if !reflect.ValueOf(s).IsZero() {
			return true
		}
	}
	return false
}

// Validate reports every field of r that a stored record may not hold, as
// one error naming the fields by their JSON path.
func (r *Record) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if r.Schema < 1 || r.Schema > SchemaVersion {
		bad("schema", "is %d, want %d", r.Schema, SchemaVersion)
	}
	if r.Revision < 0 { // 0: not stored yet; Create makes it 1
		bad("revision", "is %d, want 0 or more", r.Revision)
	}
	if !validID(r.ID) {
		bad("id", "%q is not 4–32 characters of [0-9a-v]", r.ID)
	}
	rating := func(field string, v *int) {
		if v != nil && (*v < 1 || *v > 10) {
			bad(field, "%d is not a rating from 1 to 10", *v)
		}
	}
	rating("overall.rating", r.Overall.Rating)
	rating("performance.confidence", r.Performance.Confidence)
	if v := r.Feelings.Rank; v != nil && *v < 1 {
		bad("feelings.rank", "%d is not a rank (1 is the best)", *v)
	}
	if f := r.Interview.Format; f != "" && !slices.Contains(Formats, f) {
		bad("interview.format", "%q is not one of %s", f, strings.Join(Formats, ", "))
	}
	if o := r.FollowUp.Outcome; o != "" && !slices.Contains(Outcomes, o) {
		bad("follow_up.outcome", "%q is not one of %s", o, strings.Join(Outcomes, ", "))
	}
	for i, q := range r.Takeaways.Questions {
		if strings.TrimSpace(q.Question) == "" {
			bad(fmt.Sprintf("takeaways.questions[%d].question", i), "is empty")
		}
	}
	for i, q := range r.Asked.Questions {
		if strings.TrimSpace(q.Question) == "" {
			bad(fmt.Sprintf("asked.questions[%d].question", i), "is empty")
		}
	}
	for i, a := range r.ActionItems {
		if strings.TrimSpace(a.Text) == "" {
			bad(fmt.Sprintf("action_items[%d].text", i), "is empty")
		}
	}
	if s := r.Scheduled; s != nil {
		switch {
		case r.Source != nil:
			bad("scheduled", "is for records made by hand; this one has a source event")
		case s.Start.IsZero() || s.End.Before(s.Start):
			bad("scheduled", "needs a start, and an end not before it")
		}
		if s.TimeZone != "" {
			if _, err := loadLocation(s.TimeZone); err != nil {
				bad("scheduled.time_zone", "%q is not an IANA time zone", s.TimeZone)
			}
		}
	}
	if s := r.Source; s != nil {
		if s.CalendarID == "" || s.EventID == "" {
			bad("source", "needs calendar_id and event_id")
		}
		if s.TimeZone != "" {
			if _, err := loadLocation(s.TimeZone); err != nil {
				bad("source.time_zone", "%q is not an IANA time zone", s.TimeZone)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid record %s: %w", r.ID, errors.Join(errs...))
}

// Location is the interview's time zone (Source.TimeZone or
// Scheduled.TimeZone), else UTC.
func (r *Record) Location() *time.Location {
	var zone string
	switch {
	case r.Source != nil:
		zone = r.Source.TimeZone
	case r.Scheduled != nil:
		zone = r.Scheduled.TimeZone
	}
	if zone != "" {
		if loc, err := loadLocation(zone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// locations caches time.LoadLocation, which reads and parses the zone file
// on every call: listing 10,000 records spent most of its time there.
var locations sync.Map // zone name → *time.Location

func loadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

// Start is the interview's start, zero for a hand-made record without one.
func (r *Record) Start() time.Time {
	switch {
	case r.Source != nil:
		return r.Source.Start
	case r.Scheduled != nil:
		return r.Scheduled.Start
	}
	return time.Time{}
}

// Upcoming reports whether r's interview has not started at now: its start
// is after now, or, without a time, its day is after today in its zone.
func (r *Record) Upcoming(now time.Time) bool {
	if s := r.Start(); !s.IsZero() {
		return s.After(now)
	}
	d := r.Day()
	return !d.IsZero() && d.After(DateOf(now.In(r.Location())))
}

// End is the interview's end, zero for a hand-made record without a time.
func (r *Record) End() time.Time {
	switch {
	case r.Source != nil:
		return r.Source.End
	case r.Scheduled != nil:
		return r.Scheduled.End
	}
	return time.Time{}
}

// Day is the interview's calendar date: Interview.Date, else the source's
// start in the interview's zone, else the zero Date.
func (r *Record) Day() Date {
	if !r.Interview.Date.IsZero() {
		return r.Interview.Date
	}
	if s := r.Start(); !s.IsZero() {
		return DateOf(s.In(r.Location()))
	}
	return Date{}
}

var idEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// idLen is the length of the ids RecordID and NewID make: 50 bits.
const idLen = 10

// RecordID returns the id of the record of the interview eventID on
// calendarID: the first 10 characters of lowercase base32hex of
// sha256("debrief/record/" + calendarID + "/" + eventID). The same event
// always yields the same id, so a crash between creating a record and
// noting it cannot make a second record for one interview (Create answers
// ErrExists).
func RecordID(calendarID, eventID string) string {
	sum := sha256.Sum256([]byte("debrief/record/" + calendarID + "/" + eventID))
	return strings.ToLower(idEncoding.EncodeToString(sum[:]))[:idLen]
}

// NewID returns a random id for a record made by hand, in the alphabet of
// RecordID.
func NewID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return strings.ToLower(idEncoding.EncodeToString(b[:]))[:idLen]
}

func validID(id string) bool {
	if len(id) < 4 || len(id) > 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'v') {
			return false
		}
	}
	return true
}
