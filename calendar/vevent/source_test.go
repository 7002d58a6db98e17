package vevent

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCheck(t *testing.T) {
	hc := &http.Client{}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		s            Settings
		url, urlFile string
		hc           *http.Client
		want         Settings
		wantErr      string
	}{
		{"defaults", Settings{StateDir: "/s"}, "https://x", "", hc,
			Settings{StateDir: "/s", Lookback: DefaultLookback, Horizon: DefaultHorizon, RequestTimeout: DefaultRequestTimeout, Local: time.Local}, ""},
		{"given kept", Settings{StateDir: "/s", Lookback: time.Hour, Horizon: 2 * time.Hour, RequestTimeout: time.Second, Local: berlin}, "", "/url", hc,
			Settings{StateDir: "/s", Lookback: time.Hour, Horizon: 2 * time.Hour, RequestTimeout: time.Second, Local: berlin}, ""},
		{"no state directory", Settings{}, "https://x", "", hc, Settings{}, "ics: no state directory given"},
		{"no address", Settings{StateDir: "/s"}, "", "", hc, Settings{StateDir: "/s"}, "ics: no address given: set url"},
		{"no client", Settings{StateDir: "/s"}, "https://x", "", nil, Settings{StateDir: "/s"}, "ics: no HTTP client given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Check("ics", tc.s, tc.url, tc.urlFile, "set url", tc.hc)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tc.wantErr {
				t.Errorf("Check error = %q, want %q", gotErr, tc.wantErr)
			}
			if diff := cmp.Diff(got, tc.want, cmp.Comparer(func(a, b *time.Location) bool { return a == b })); diff != "" {
				t.Errorf("Check (-got +want):\n%s", diff)
			}
		})
	}
}
