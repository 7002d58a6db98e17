// Package atomicfile replaces a file's content atomically: a reader, or
// the file after a crash or a power cut, has the old content or the new,
// never a torn mix. It is the one way debrief writes its files (records,
// state, token, exports, charts). tailscale's atomicfile is the model; this
// one also syncs the directory, so the rename itself survives a power cut.
//
// It owns the write and nothing else: locking, and deciding whether a file
// may be overwritten, stay with the caller.
//
// It must not lock, nor decide whether a file may be overwritten: those stay
// with the caller.
package atomicfile
