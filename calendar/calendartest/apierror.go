package calendartest

import (
	"encoding/json"
	"net/http"
)

// apiError is one error answer in Google's JSON shape. Field order follows
// what Google sends (see fixtures/gcal/09_northworld_4*.json).
type apiError struct {
	Code    int
	Domain  string
	Reason  string
	Message string
}

type errorItem struct {
	Domain  string `json:"domain"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

type errorBody struct {
	Error struct {
		Errors  []errorItem `json:"errors"`
		Code    int         `json:"code"`
		Message string      `json:"message"`
	} `json:"error"`
}

func (e *apiError) body() []byte {
	var b errorBody
	b.Error.Errors = []errorItem{{Domain: e.Domain, Reason: e.Reason, Message: e.Message}}
	b.Error.Code = e.Code
	b.Error.Message = e.Message
	out, _ := json.Marshal(b)
	return out
}

func errNotFound() *apiError {
	return &apiError{Code: http.StatusNotFound, Domain: "global", Reason: "notFound", Message: "Not Found"}
}

func errDuplicate() *apiError {
	return &apiError{Code: http.StatusConflict, Domain: "global", Reason: "duplicate", Message: "The requested identifier already exists."}
}

func errDeleted() *apiError {
	return &apiError{Code: http.StatusGone, Domain: "global", Reason: "deleted", Message: "Resource has been deleted"}
}

func errFullSyncRequired() *apiError {
	return &apiError{Code: http.StatusGone, Domain: "global", Reason: "fullSyncRequired", Message: "Sync token is no longer valid, a full sync is required."}
}

func errInvalid(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Domain: "global", Reason: "invalid", Message: msg}
}

func errBadRequest(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Domain: "global", Reason: "badRequest", Message: msg}
}

func errRequired(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Domain: "global", Reason: "required", Message: msg}
}

func errTimeRangeEmpty() *apiError {
	return &apiError{Code: http.StatusBadRequest, Domain: "global", Reason: "timeRangeEmpty", Message: "The specified time range is empty."}
}

// faultError builds the answer of an injected fault: Google's messages for
// the reasons it documents, the usageLimits domain for quota reasons.
func faultError(f Fault) *apiError {
	reason := f.Reason
	if reason == "" {
		reason = defaultReason(f.Status)
	}
	domain := "global"
	msg := f.Message
	switch reason {
	case "rateLimitExceeded":
		domain = "usageLimits"
		if msg == "" {
			msg = "Rate Limit Exceeded"
		}
	case "userRateLimitExceeded":
		domain = "usageLimits"
		if msg == "" {
			msg = "User Rate Limit Exceeded"
		}
	case "quotaExceeded":
		domain = "usageLimits"
		if msg == "" {
			msg = "Calendar usage limits exceeded."
		}
	case "dailyLimitExceeded":
		domain = "usageLimits"
		if msg == "" {
			msg = "Daily Limit Exceeded"
		}
	case "duplicate", "deleted", "notFound", "fullSyncRequired":
		if msg == "" {
			msg = map[string]func() *apiError{
				"duplicate": errDuplicate, "deleted": errDeleted,
				"notFound": errNotFound, "fullSyncRequired": errFullSyncRequired,
			}[reason]().Message
		}
	case "backendError":
		if msg == "" {
			msg = "Backend Error"
		}
	case "authError":
		if msg == "" {
			msg = "Invalid Credentials"
		}
	}
	if msg == "" {
		msg = http.StatusText(f.Status)
	}
	return &apiError{Code: f.Status, Domain: domain, Reason: reason, Message: msg}
}

func defaultReason(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "badRequest"
	case http.StatusUnauthorized:
		return "authError"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "notFound"
	case http.StatusConflict:
		return "conflict"
	case http.StatusGone:
		return "deleted"
	case http.StatusPreconditionFailed:
		return "conditionNotMet"
	case http.StatusTooManyRequests:
		return "rateLimitExceeded"
	case http.StatusInternalServerError:
		return "backendError"
	case http.StatusServiceUnavailable:
		return "backendError"
	}
	return "unknown"
}
