package insight

import "testing"

func TestClassifyRound(t *testing.T) {
	for _, tc := range []struct {
		round string
		want  RoundKind
	}{
		{"", RoundOther},
		{"interview", RoundOther},
		{"behavioral", RoundOther},
		{"Recruiter screen", RoundRecruiter},
		{"HR call", RoundRecruiter},
		{"talent acquisition intro", RoundRecruiter},
		{"phone screen", RoundPhoneScreen},
		{"Phone", RoundPhoneScreen},
		{"screening", RoundPhoneScreen},
		{"intro call", RoundPhoneScreen},
		{"technical", RoundTechnical},
		{"Tech screen", RoundTechnical},
		{"technical phone screen", RoundTechnical},
		{"coding", RoundTechnical},
		{"take-home review", RoundTechnical},
		{"Live-coding (Go)", RoundTechnical},
		{"system design", RoundSystemDesign},
		{"Onsite: System-Design", RoundSystemDesign},
		{"architecture deep dive", RoundSystemDesign},
		{"onsite", RoundOnsite},
		{"onsite 2/4", RoundOnsite},
		{"On-site", RoundOnsite},
		{"panel", RoundOnsite},
		{"virtual loop", RoundOnsite},
		{"hiring manager", RoundHiringManager},
		{"HM chat", RoundHiringManager},
		{"hiring-manager screen", RoundHiringManager},
		{"final", RoundFinal},
		{"Final round", RoundFinal},
		{"final onsite", RoundFinal},
		{"final round with the hiring manager", RoundHiringManager},
		{"finalist dinner", RoundOther},           // whole words only
		{"techno music chat", RoundOther},         // "tech" is not a prefix match
		{"screenshot review", RoundOther},         // nor "screen"
		{"  PHONE   SCREEN!! ", RoundPhoneScreen}, // case, spaces, punctuation
	} {
		if got := ClassifyRound(tc.round); got != tc.want {
			t.Errorf("ClassifyRound(%q) = %q, want %q", tc.round, got, tc.want)
		}
	}
}
