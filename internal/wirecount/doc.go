// Package wirecount measures what HTTP clients cost on the wire: requests
// made and bytes sent and received, counted on the TCP connections
// themselves (headers, TLS and chunking included). It is for tests and
// benchmarks that write figures down.
//
// It must not be imported by non-test code.
package wirecount
