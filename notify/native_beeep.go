//go:build darwin || windows

package notify

import "github.com/gen2brain/beeep"

// nativeDesktop is true where the desktop backend goes through beeep: macOS
// (terminal-notifier or AppleScript) and Windows (toast notifications), which
// have no session bus. beeep.Notify takes no context, so Notify runs it
// through bounded.
const nativeDesktop = true

// nativeNotify shows one notification through beeep. Only one runs at a time
// (bounded guarantees it), so setting beeep's global AppName is safe.
func nativeNotify(appName, title, body string) error {
	beeep.AppName = appName
	return beeep.Notify(title, body, "")
}
