package wirecount

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Counter counts the traffic of the clients it made.
type Counter struct {
	requests, sent, received atomic.Int64
}

// Client returns an HTTP client whose traffic c counts.
func (c *Counter) Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &countedConn{Conn: conn, c: c}, nil
		},
		MaxIdleConnsPerHost: 4,
	}
	return &http.Client{Transport: &countedRT{rt: tr, c: c}, Timeout: timeout}
}

// Requests, Bytes: what was counted since the last Reset.
func (c *Counter) Requests() int64 { return c.requests.Load() }

// Bytes returns the bytes sent and received.
func (c *Counter) Bytes() (sent, received int64) { return c.sent.Load(), c.received.Load() }

// Reset starts counting afresh.
func (c *Counter) Reset() {
	c.requests.Store(0)
	c.sent.Store(0)
	c.received.Store(0)
}

type countedRT struct {
	rt http.RoundTripper
	c  *Counter
}

func (r *countedRT) RoundTrip(req *http.Request) (*http.Response, error) {
	r.c.requests.Add(1)
	return r.rt.RoundTrip(req)
}

type countedConn struct {
	net.Conn
	c *Counter
}

func (cc *countedConn) Read(p []byte) (int, error) {
	n, err := cc.Conn.Read(p)
	cc.c.received.Add(int64(n))
	return n, err
}

func (cc *countedConn) Write(p []byte) (int, error) {
	n, err := cc.Conn.Write(p)
	cc.c.sent.Add(int64(n))
	return n, err
}
