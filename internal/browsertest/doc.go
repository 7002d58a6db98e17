// Package browsertest starts a real headless Chromium for tests, through
// chromedp, and skips the test (with the apt line) when none is installed,
// so a fresh clone's `go test ./...` passes without one. Tests drive the
// tabs it opens with chromedp.Run and chromedp.Do.
//
// It must not be imported by non-test code.
package browsertest
